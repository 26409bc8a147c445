import {
  categoryHeadline,
  connectionSpeaksForSites,
  type CategoryHeadline,
  type CategorySummary,
} from '../lib/connectivity';
import type { ConnectionState } from '../lib/verdict/types';
import { type Translate, timeAgo } from '../lib/i18n';
import { CATEGORY_KEY } from './labels';
import { Sparkline } from './Sparkline';
import { subKindText, VerdictBadge } from './VerdictBadge';
import type { TimelineRow } from '../lib/history';

export function CategoryList({
  t,
  summaries,
  language,
  recent,
  runningId,
  connectionState = 'unknown',
}: {
  t: Translate;
  summaries: CategorySummary[];
  language: string;
  recent: Map<string, TimelineRow>;
  /** The run in progress: sites it has not measured yet say so. */
  runningId?: string;
  /** The last run's connection state: some say in one line what every site would. */
  connectionState?: ConnectionState;
}) {
  // Before the first check there is nothing to list, unless that check is running now.
  if (runningId === undefined && summaries.every((s) => s.measured === 0))
    return <p class="muted">{t('popupNoSites')}</p>;
  const speaksForSites = runningId === undefined && connectionSpeaksForSites(connectionState);
  const list = (
    <ul class="categories" data-testid="categories">
      {summaries.map((summary) => (
        <li key={summary.category} data-category={summary.category}>
          {/* One line a category, blocked ones too (their count says it): the rows would push the
              rest past the popup's first screen (issue #14); they are one click away. */}
          <details>
            <summary>
              <span class="category-name">{t(CATEGORY_KEY[summary.category])}</span>
              <Headline t={t} headline={categoryHeadline(summary)} />
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
                      <span class="muted">
                        {pending ? t('popupSitePending') : t('categorySiteNotChecked')}
                      </span>
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
  // A running check lists its sites as they are reached; a finished one under a shutdown (and the
  // like) says so once, with the rows one click away.
  if (!speaksForSites) return list;
  return (
    <section class="categories-state" data-testid="categories-state" data-state={connectionState}>
      <p>{t(STATE_LINE[connectionState as keyof typeof STATE_LINE])}</p>
      <details>
        <summary>{t('categoriesEverySite')}</summary>
        {list}
      </details>
    </section>
  );
}

const STATE_LINE = {
  offline: 'categoriesStateOffline',
  'captive-portal': 'categoriesStateCaptive',
  shutdown: 'categoriesStateShutdown',
  whitelist: 'categoriesStateWhitelist',
} as const;

function Headline({ t, headline }: { t: Translate; headline: CategoryHeadline }) {
  if (headline.kind === 'blocked')
    return <span class="count bad">{t('categoryBlockedCount', headline.blocked, headline.measured)}</span>;
  if (headline.kind === 'reachable') return <span class="count ok">{t('categoryAllOk')}</span>;
  return (
    <span class="count unproven">
      {[
        t('categoryReachableOf', headline.reachable, headline.total),
        headline.unclear > 0 && t('categoryUnclear', headline.unclear),
        headline.notChecked > 0 && t('categoryNotChecked', headline.notChecked),
      ]
        .filter(Boolean)
        .join(' · ')}
    </span>
  );
}
