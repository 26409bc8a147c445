import type { Translate } from '../lib/i18n';
import type { Verdict } from '../lib/verdict/types';
import { CONFIDENCE_KEY, subKindKey, tone, VERDICT_KEY } from './labels';

export function VerdictBadge({ t, verdict }: { t: Translate; verdict: Verdict }) {
  return (
    <span class={`badge tone-${tone(verdict.blocking)}`} data-blocking={verdict.blocking}>
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

/**
 * What the verdict rests on, for the curious and for reports: the rules' own technical lines,
 * which stay in English (as OONI's data does) and are marked so, for screen readers too.
 */
export function EvidenceList({ t, verdict }: { t: Translate; verdict: Verdict }) {
  if (verdict.evidence.length === 0) return null;
  return (
    <details class="evidence" data-testid="evidence">
      <summary>{t('popupEvidence')}</summary>
      <ul lang="en">
        {verdict.evidence.map((fact) => (
          <li key={fact.code + fact.detail}>{fact.detail}</li>
        ))}
      </ul>
    </details>
  );
}
