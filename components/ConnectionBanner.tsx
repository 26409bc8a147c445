import { type Translate, formatDate } from '../lib/i18n';
import type { ConnectionAssessment } from '../lib/connectivity/types';
import { CATEGORY_KEY, STATE_KEY } from './labels';

export function ConnectionBanner({
  t,
  connection,
  since,
  language,
}: {
  t: Translate;
  connection?: ConnectionAssessment;
  since?: number;
  language: string;
}) {
  const state = connection?.state ?? 'unknown';
  // "Not checked yet" would be false after a check that measured sites but found no pattern.
  const checked = connection?.evidence.some((e) => e.code !== 'no-results') ?? false;
  const [titleKey, explainKey] =
    state === 'unknown' && checked ? ['stateUnclear', 'stateUnclearExplain'] : STATE_KEY[state];
  const categories = (connection?.blockedCategories ?? []).map((c) => t(CATEGORY_KEY[c])).join(', ');
  return (
    <section
      class={`banner state-${state}`}
      role="status"
      aria-live="polite"
      data-testid="connection-banner"
      data-state={state}
    >
      <h2>{t(titleKey, categories)}</h2>
      <p>{t(explainKey)}</p>
      {since && state !== 'unknown' && <p class="since">{t('stateSince', formatDate(since, language))}</p>}
    </section>
  );
}
