import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { AdviceCards } from '../../components/AdviceCards';
import { Alternatives } from '../../components/Alternatives';
import { CategoryList } from '../../components/CategoryList';
import { OthersSee } from '../../components/OthersSee';
import { ConnectionBanner } from '../../components/ConnectionBanner';
import { CachedCopyButton } from '../../components/library/CachedCopyButton';
import { KeepOfflineButton } from '../../components/library/KeepOfflineButton';
import { useEngineState } from '../../components/use-engine-state';
import { useTabState } from '../../components/use-tab-state';
import { useTranslator } from '../../components/use-translator';
import { EvidenceList, subKindText, VerdictBadge } from '../../components/VerdictBadge';
import { adviceForConnection, adviceForSite, splitRepeats, wantsAlternatives } from '../../lib/advice';
import { timeAgo } from '../../lib/i18n';
import type { MeasurementRecord } from '../../lib/db';
import type { EngineStatus } from '../../lib/engine';
import { sendMessage } from '../../lib/messaging';
import { pageSettings } from '../../components/page-settings';
import { getPack, isSpecialUseUrl } from '../../lib/targets';

/** The connection's advice section, which the site's advice links up to. */
const CONNECTION_ADVICE = 'connection-advice';

export function Popup({ initialStatus }: { initialStatus?: EngineStatus }) {
  const { t, language, ready } = useTranslator();
  const { status, categories, recent } = useEngineState(initialStatus);
  const [tabUrl, setTabUrl] = useState<string | undefined>();
  const [tabResult, setTabResult] = useState<MeasurementRecord | 'checking' | undefined>();
  // What is already known about the tab's site (a run, or the background's diagnosis of a page
  // that failed or is slow to load): shown at once, without measuring again.
  const known = useTabState(tabUrl);

  const [ooni, setOoni] = useState<{ apiBase: string; country?: string } | undefined>();

  useEffect(() => {
    // popup.html?site=URL shows one site's view (linked from other pages); else the active tab.
    const linked = new URLSearchParams(location.search).get('site');
    if (linked && /^https?:/.test(linked)) return setTabUrl(linked);
    void browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => {
      // A page still loading (the site not answering) has only its pending address.
      const url = tab && (tab.pendingUrl || tab.url);
      if (url && /^https?:/.test(url)) setTabUrl(url);
    });
  }, []);
  async function checkTab() {
    if (!tabUrl) return;
    setTabResult('checking');
    // Where to ask "what others see" is needed only once the user asks about this site.
    const [reply, settings] = await Promise.all([sendMessage('checkUrl', { url: tabUrl }), pageSettings()]);
    setOoni({ apiBase: settings.ooniApiBase, country: getPack(settings.packId)?.country });
    setTabResult(reply.ok ? reply.value.measurement : undefined);
    known.reload();
  }

  const running = status?.running;
  const connection = status?.lastRun?.connection;
  const connectionState = connection?.state ?? 'unknown';
  const checking = tabResult === 'checking' || known.diagnosing;
  const measured = tabResult && tabResult !== 'checking' ? tabResult : checking ? undefined : known.latest;
  const connectionAdvice = connection ? adviceForConnection(connection) : [];
  const siteAdvice = splitRepeats(
    measured && tabUrl
      ? adviceForSite({
          blocking: measured.verdict.blocking,
          subKind: measured.verdict.subKind,
          category: measured.observation.target.category,
          host: new URL(tabUrl).hostname,
          connection: connectionState,
        })
      : [],
    connectionAdvice,
  );
  // First paint is the last known state, translated: keys never flash on screen.
  const painted = ready && status !== undefined;
  useLayoutEffect(() => {
    // For bench/popup.ts: the frame in which the last state first appears (a layout effect runs
    // before that frame; a plain effect would run only after it has painted).
    if (painted) requestAnimationFrame(() => performance.mark('popup-last-state'));
  }, [painted]);
  if (!painted) return <main aria-busy="true" />;

  return (
    <main>
      <header>
        <h1>{t('popupTitle')}</h1>
        {running ? (
          <span class="progress" data-testid="run-progress">
            {t('popupChecking', running.done, running.total)}{' '}
            <button onClick={() => void sendMessage('cancelRun', {})}>{t('popupCancel')}</button>
          </span>
        ) : (
          <button class="primary" data-testid="check-now" onClick={() => void sendMessage('checkNow', {})}>
            {t('popupCheckNow')}
          </button>
        )}
      </header>
      {tabUrl && (
        <section class="this-site" data-testid="tab-answer">
          <h2>
            {t('popupThisSite')}: <span class="host">{new URL(tabUrl).hostname}</span>
          </h2>
          {isSpecialUseUrl(tabUrl) ? (
            // Checking would ask public resolvers about the name (lib/targets/special-use.ts).
            <p data-testid="tab-not-checked">{t('scalePopupNotChecked')}</p>
          ) : checking ? (
            <p data-testid="tab-checking" role="status">
              {t('tabStateChecking')}
              {known.diagnosing && (
                <>
                  {' '}
                  <small class="muted">{t('tabStateCheckingHint')}</small>
                </>
              )}
            </p>
          ) : measured ? (
            <>
              <p data-testid="tab-verdict" data-run={measured.runId}>
                <VerdictBadge t={t} verdict={measured.verdict} />{' '}
                <small class="muted">{subKindText(t, measured.verdict.subKind)}</small>
              </p>
              <p class="muted" data-testid="tab-measured">
                <small>
                  {t('popupLastChecked', timeAgo(measured.time, language, t))}
                  {measured === known.latest && known.trigger === 'navigation-error' && (
                    <> · {t('tabStateDiagnosed')}</>
                  )}
                </small>{' '}
                <button onClick={() => void checkTab()}>{t('popupCheckThisSite')}</button>
              </p>
              <EvidenceList t={t} verdict={measured.verdict} />
            </>
          ) : (
            <button onClick={() => void checkTab()}>{t('popupCheckThisSite')}</button>
          )}
          <CachedCopyButton t={t} pageUrl={tabUrl} />
        </section>
      )}
      {/* The tab's answer, then the connection's: together they fit the first screen (600 px, issue
          #14) in every state and language; what to do about either follows, one line a card. */}
      {status && (
        <ConnectionBanner
          t={t}
          connection={status.lastRun?.connection}
          since={status.stateSince}
          language={language}
        />
      )}
      {measured && tabUrl && (
        <AdviceCards
          t={t}
          cards={siteAdvice.fresh}
          elsewhere={{ cards: siteAdvice.above, sectionTestId: CONNECTION_ADVICE }}
          headingKey="adviceForSiteHeading"
          testId="site-advice"
        />
      )}
      {measured && tabUrl && wantsAlternatives(measured.verdict.blocking, connectionState) && (
        <Alternatives t={t} pageUrl={tabUrl} />
      )}
      {/* Asked only once the user has asked about this site (ooni is set by checkTab):
          opening the popup must not tell OONI's API (or anyone watching) which page is open. */}
      {measured && tabUrl && ooni?.country && (
        <OthersSee t={t} apiBase={ooni.apiBase} country={ooni.country} domain={new URL(tabUrl).hostname} />
      )}
      {connection && (
        <AdviceCards
          t={t}
          cards={connectionAdvice}
          headingKey="adviceForConnectionHeading"
          testId={CONNECTION_ADVICE}
        />
      )}
      <KeepOfflineButton t={t} />
      <CategoryList
        t={t}
        summaries={categories}
        language={language}
        recent={recent}
        runningId={running?.runId}
        connectionState={connectionState}
      />
      <nav>
        <a href={browser.runtime.getURL('/reader.html')} target="_blank">
          {t('popupOpenLibrary')}
        </a>
        <a href={browser.runtime.getURL('/timeline.html')} target="_blank">
          {t('popupOpenHistory')}
        </a>
        <a href={browser.runtime.getURL('/options.html')} target="_blank">
          {t('popupOpenOptions')}
        </a>
      </nav>
    </main>
  );
}
