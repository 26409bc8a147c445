import type { Translate } from '../lib/i18n';
import type { Verdict } from '../lib/verdict/types';
import { CONFIDENCE_KEY, subKindKey, tone, VERDICT_KEY } from './labels';

export function VerdictBadge({ t, verdict }: { t: Translate; verdict: Verdict }) {
  return (
    <span
      class={`badge tone-${tone(verdict.blocking)}`}
      data-blocking={verdict.blocking}
      title={verdict.evidence.map((e) => e.detail).join('\n')}
    >
      {t(VERDICT_KEY[verdict.blocking])}
      {verdict.blocking !== 'accessible' && <small> · {t(CONFIDENCE_KEY[verdict.confidence])}</small>}
    </span>
  );
}

/** How, in words: "cut as soon as the site's name was sent (filtering by name, SNI)". */
export function subKindText(t: Translate, subKind: string): string | undefined {
  const key = subKindKey(subKind);
  return key ? t(key) : undefined;
}
