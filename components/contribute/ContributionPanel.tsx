import { useEffect, useState } from 'preact/hooks';
import { contributeState, type ContributeState, type FlushSummary } from '../../lib/contribute';
import type { OutboxRecord } from '../../lib/db';
import { sendMessage } from '../../lib/messaging';
import { loadSettings, onSettingsChanged, saveSettings, type Settings } from '../../lib/settings';
import { useTranslator } from '../use-translator';
import { OUTBOX_LIST_LIMIT, readOutboxView, type OutboxView } from './outbox-view';
import './contribution-panel.css';

/** How often the open panel re-reads the queue (the background sends while it is shown). */
const REFRESH_MS = 2_000;

/**
 * Contributing measurements. Off by default; turning it on first shows, in the
 * user's language, what is sent, what never is, and who receives it, and asks to confirm.
 * Then: the queue (waiting, sent, refused with the collector's reason), the exact JSON of each
 * measurement, send now, try again, remove. Self-contained: mount it in options'
 * `<section id="contribution" aria-labelledby="contribute-title">`.
 */
export function ContributionPanel() {
  const { t } = useTranslator();
  const [settings, setSettings] = useState<Settings | undefined>();
  const [view, setView] = useState<OutboxView | undefined>();
  const [state, setState] = useState<ContributeState>({});
  const [confirming, setConfirming] = useState(false);
  const [includeUser, setIncludeUser] = useState(false);
  const [result, setResult] = useState<string | undefined>();

  const refresh = async () => {
    setView(await readOutboxView());
    setState(await contributeState.getValue());
  };
  useEffect(() => {
    void loadSettings().then((s) => {
      setSettings(s);
      setIncludeUser(s.contribute.includeUserTargets);
    });
    void refresh();
    const stop = onSettingsChanged(setSettings);
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => {
      stop();
      clearInterval(timer);
    };
  }, []);
  if (!settings) return null;
  const on = settings.contribute.enabled;
  const collectorHost = safeHost(settings.collectorBase);

  async function save(contribute: Settings['contribute']) {
    setSettings(await saveSettings({ contribute }));
  }
  async function act(reply: Promise<{ ok: true; value: FlushSummary } | { ok: false; reason: string }>) {
    const answer = await reply;
    setResult(
      answer.ok
        ? t('contributeSendResult', answer.value.sent, answer.value.failed, answer.value.retrying)
        : answer.reason,
    );
    await refresh();
  }
  async function remove(ids: string[]) {
    await sendMessage('contributeRemove', { ids });
    await refresh();
  }

  const unsent = view?.latest.filter((r) => r.status !== 'sent') ?? [];
  return (
    <div class="contribution" data-testid="contribution-panel">
      <h2 id="contribute-title">{t('contributeTitle')}</h2>
      <p>{t('contributeIntro')}</p>
      <p role="status" data-testid="contribute-state">
        {on ? t('contributeOn', collectorHost) : t('contributeOff')}
      </p>

      {!on && !confirming && (
        <button type="button" data-testid="contribute-enable" onClick={() => setConfirming(true)}>
          {t('contributeSwitch')}
        </button>
      )}

      {(confirming || on) && (
        <div class="disclosure" data-testid="contribute-disclosure">
          <h3>{t('contributeSentTitle')}</h3>
          <ul>
            <li>{t('contributeSent1')}</li>
            <li>{t('contributeSent2')}</li>
            <li>{t('contributeSent3')}</li>
            <li>{t('contributeSent4')}</li>
          </ul>
          <h3>{t('contributeNeverTitle')}</h3>
          <ul>
            <li>{t('contributeNever1')}</li>
            <li>{t('contributeNever2')}</li>
            <li>{t('contributeNever3')}</li>
            <li>{t('contributeNever4')}</li>
          </ul>
          <h3>{t('contributeWhoTitle')}</h3>
          <p>{t('contributeWho', collectorHost)}</p>
          <p>{t('contributeRisk')}</p>
          <label>
            <input
              type="checkbox"
              data-testid="contribute-include-user"
              checked={includeUser}
              onChange={(event) => {
                const checked = event.currentTarget.checked;
                setIncludeUser(checked);
                if (on) void save({ enabled: true, includeUserTargets: checked });
              }}
            />{' '}
            {t('contributeIncludeUser')}
          </label>
          <div class="actions">
            {confirming && !on && (
              <>
                <button
                  type="button"
                  data-testid="contribute-confirm"
                  onClick={() => {
                    setConfirming(false);
                    void save({ enabled: true, includeUserTargets: includeUser });
                  }}
                >
                  {t('contributeConfirm')}
                </button>
                <button type="button" onClick={() => setConfirming(false)}>
                  {t('contributeCancel')}
                </button>
              </>
            )}
            {on && (
              <button
                type="button"
                data-testid="contribute-disable"
                onClick={() => void save({ enabled: false, includeUserTargets: includeUser })}
              >
                {t('contributeTurnOff')}
              </button>
            )}
          </div>
        </div>
      )}

      {view && (view.latest.length > 0 || on) && (
        <>
          <h3>{t('contributeQueueTitle')}</h3>
          {!on && unsent.length > 0 && <p>{t('contributeOffWithQueue')}</p>}
          <p data-testid="contribute-counts">
            {t('contributeCounts', view.counts.pending, view.counts.sent, view.counts.failed)}
          </p>
          {state.dropped && state.dropped.count > 0 && (
            <p role="alert" data-testid="contribute-dropped">
              {t('contributeDropped', state.dropped.count)}
            </p>
          )}
          <div class="actions">
            {on && view.counts.pending + view.counts.failed > 0 && (
              <button
                type="button"
                data-testid="contribute-send-now"
                onClick={() => void act(sendMessage('contributeRetryNow', {}))}
              >
                {t('contributeSendNow')}
              </button>
            )}
            {unsent.length > 0 && (
              <button type="button" onClick={() => void remove(unsent.map((r) => r.id))}>
                {t('contributeRemoveAll')}
              </button>
            )}
          </div>
          {result && <p role="status">{result}</p>}
          {view.latest.length === 0 && <p>{t('contributeEmpty')}</p>}
          {view.counts.pending + view.counts.sent + view.counts.failed > OUTBOX_LIST_LIMIT && (
            <p>{t('contributeListLimited', OUTBOX_LIST_LIMIT)}</p>
          )}
          <ul class="outbox" data-testid="contribute-outbox">
            {view.latest.map((record) => (
              <OutboxItem
                key={record.id}
                record={record}
                t={t}
                on={on}
                onRetry={() => void act(sendMessage('contributeRetryNow', { ids: [record.id] }))}
                onRemove={() => void remove([record.id])}
              />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function OutboxItem({
  record,
  t,
  on,
  onRetry,
  onRemove,
}: {
  record: OutboxRecord;
  t: ReturnType<typeof useTranslator>['t'];
  on: boolean;
  onRetry: () => void;
  onRemove: () => void;
}) {
  const status =
    record.status === 'sent'
      ? t('contributeStatusSent')
      : record.status === 'failed'
        ? t('contributeStatusFailed', record.error ?? '')
        : record.error === 'location-unknown'
          ? t('contributeWaitingLocation')
          : t('contributeStatusPending');
  return (
    <li data-testid="contribute-item" data-status={record.status}>
      <strong>{record.measurement.input}</strong>{' '}
      <span class={record.status === 'failed' ? 'failed' : undefined}>{status}</span>
      {record.status === 'pending' && record.error && record.error !== 'location-unknown' && (
        <>
          <br />
          <small>
            {t('contributeLastError', record.error)}{' '}
            {t('contributeNextTry', new Date(record.nextAttemptAt).toLocaleTimeString())}
          </small>
        </>
      )}
      <details>
        <summary>{t('contributeShowJson')}</summary>
        {record.status !== 'sent' && <p>{t('contributeReportIdNote')}</p>}
        {/* Scrollable, so it must be reachable by keyboard (and named, as a region). */}
        <pre data-testid="contribute-json" tabIndex={0} role="region" aria-label={record.measurement.input}>
          {JSON.stringify(record.measurement, null, 2)}
        </pre>
      </details>
      {record.status !== 'sent' && (
        <div class="actions">
          {on && (
            <button
              type="button"
              onClick={onRetry}
              aria-label={`${t('contributeRetry')}: ${record.measurement.input}`}
            >
              {t('contributeRetry')}
            </button>
          )}
          <button
            type="button"
            onClick={onRemove}
            aria-label={`${t('contributeRemove')}: ${record.measurement.input}`}
          >
            {t('contributeRemove')}
          </button>
        </div>
      )}
    </li>
  );
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
