import type { CategorySummary } from '../lib/connectivity/category-summary';
import type { Translate } from '../lib/i18n';
import { timeAgo } from '../lib/i18n/format';
import { CATEGORY_KEY } from './labels';
import { Sparkline } from './Sparkline';
import { subKindText, VerdictBadge } from './VerdictBadge';
import type { TimelineRow } from '../lib/history/timeline';

export function CategoryList({
  t,
  summaries,
  language,
  recent,
  runningId,
}: {
  t: Translate;
  summaries: CategorySummary[];
  language: string;
  recent: Map<string, TimelineRow>;
  /** The run in progress: sites it has not measured yet say so. */
  runningId?: string;
}) {
  // Before the first check there is nothing to list, unless that check is running now.
  if (runningId === undefined && summaries.every((s) => s.measured === 0))
    return <p class="muted">{t('popupNoSites')}</p>;
  return (
    <ul class="categories" data-testid="categories">
      {summaries.map((summary) => (
        <li key={summary.category} data-category={summary.category}>
          <details open={summary.blocked > 0}>
            <summary>
              <span class="category-name">{t(CATEGORY_KEY[summary.category])}</span>
              <span class={summary.blocked ? 'count bad' : 'count ok'}>
                {summary.blocked
                  ? t('categoryBlockedCount', summary.blocked, summary.measured)
                  : t('categoryAllOk')}
              </span>
            </summary>
            <ul class="sites">
              {summary.sites.map(({ target, latest }) => {
                const pending = runningId !== undefined && latest?.runId !== runningId;
                return (
                  <li
                    key={target.id}
                    data-site={target.url}
                    data-pending={pending || undefined}
                    aria-busy={pending || undefined}
                  >
                    <span class="site-name">
                      <span translate={false}>{target.name}</span>{' '}
                      {recent.get(target.id) && <Sparkline t={t} row={recent.get(target.id)!} />}
                    </span>
                    {latest ? (
                      <span class="site-verdict">
                        <VerdictBadge t={t} verdict={latest.verdict} />
                        <small class="muted">
                          {' '}
                          {[
                            // "Loaded normally" beside every working site would only be noise.
                            latest.verdict.subKind !== 'accessible/ok' &&
                              subKindText(t, latest.verdict.subKind),
                            pending
                              ? t('popupSitePending')
                              : t('popupLastChecked', timeAgo(latest.time, language, t)),
                          ]
                            .filter(Boolean)
                            .join(' · ')}
                        </small>
                      </span>
                    ) : (
                      <span class="muted">{pending ? t('popupSitePending') : '—'}</span>
                    )}
                  </li>
                );
              })}
            </ul>
          </details>
        </li>
      ))}
    </ul>
  );
}
