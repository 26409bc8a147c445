import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createContributor, OUTBOX_ALARM } from '../lib/contribute';
import { MIRRORS_ALARM, refreshMirrorsNow, scheduleMirrorRefresh } from '../lib/advice/background';
import {
  DATA_BUNDLE_ALARM,
  endpointsOnItsOwn,
  refreshDataBundleNow,
  scheduleDataBundleRefresh,
} from '../lib/data-bundle/background';
import { openDatabase } from '../lib/db';
import { measurementsJsonLines } from '../lib/history/export';
import { ALARM_NAME, createEngine, isDiagnosableNavigationError } from '../lib/engine';
import { wipeEverything } from '../lib/engine/wipe';
import { createLibraryWiring } from '../lib/library/wiring';
import { handleMessages } from '../lib/messaging';
import {
  checksAtOnce,
  consentChange,
  diagnosesFailedPages,
  exportPreset,
  hasConsented,
  refreshesOnItsOwn,
  importPreset,
  isConsentRequest,
  loadSettings,
  onSettingsChanged,
  saveSettings,
  scheduledCheckMinutes,
  type Settings,
} from '../lib/settings';

// Wiring only: every decision lives in lib/. Listeners are registered synchronously so a
// worker woken by an event finds them (MV3 service workers start and stop at will).
export default defineBackground(() => {
  const kind = import.meta.env.FIREFOX ? 'firefox' : 'chromium';
  const version = browser.runtime.getManifest().version;
  const contributor = createContributor(browser, version);
  // Offline library (lib/library): refreshes on its alarm and when the engine first sees blocking.
  const library = createLibraryWiring(browser, kind);
  const engine = createEngine(browser, kind, {
    onRunClosed: (runId) => void contributor.onRunClosed(runId),
    onTransition: library.onTransition,
  });

  // Issue #12: nothing reaches the network before the user has answered the first-run page.
  // Every request-making path below passes through this gate (user actions refuse, timers wait).
  const consented = async () => hasConsented(await loadSettings());
  const requireConsent = async () => {
    if (!(await consented())) throw new Error('no-consent: answer the first-run page first');
  };

  handleMessages({
    ping: ({ sentAt }) => ({ receivedAt: Math.max(Date.now(), sentAt), version }),
    consentChoose: async (request) => {
      if (!isConsentRequest(request)) throw new Error(`not a consent answer: ${JSON.stringify(request)}`);
      await applySchedules(await saveSettings(consentChange(request, Date.now())));
      if (!checksAtOnce(request.choice)) return {};
      // The first run, started by the user's answer ('install': the run a new install begins with).
      const { runId } = await engine.checkNow('install');
      return { runId };
    },
    checkNow: async () => {
      await requireConsent();
      return engine.checkNow('manual');
    },
    cancelRun: () => ({ cancelled: engine.cancel() }),
    checkUrl: async ({ url }) => {
      await requireConsent();
      const measurement = await engine.checkUrl(url, 'tab');
      return measurement ? { measurement } : { reason: 'not-a-website' as const };
    },
    exportMeasurements: async () => {
      const records = await (await openDatabase()).getAllFromIndex('measurements', 'byTime');
      return { jsonl: measurementsJsonLines(records, { softwareVersion: version }), count: records.length };
    },
    exportSettings: async () => ({ json: exportPreset(await loadSettings()) }),
    importSettings: async ({ json, targets }) => {
      const result = importPreset(json, await loadSettings(), targets);
      if (result.ok) await saveSettings(result.settings);
      return result;
    },
    wipeEverything: async () => {
      // Wait for a cancelled run to stop writing, or it would write back after the wipe.
      await engine.halt();
      await library.service.halt();
      await wipeEverything(browser);
      return { wiped: true as const };
    },
    contributeRetryNow: async ({ ids }) => {
      await requireConsent();
      return contributor.retryNow(ids);
    },
    contributeRemove: async ({ ids }) => ({ removed: await contributor.remove(ids) }),
    // advice (lib/advice)
    adviceRefreshMirrors: async () => {
      await requireConsent();
      return refreshMirrorsNow(browser);
    },
    dataBundleRefresh: async () => {
      await requireConsent();
      return refreshDataBundleNow(browser);
    },
    ...library.handlers,
    libraryRefresh: async (data) => {
      await requireConsent();
      return library.handlers.libraryRefresh(data);
    },
    libraryKeepOffline: async (data) => {
      await requireConsent();
      return library.handlers.libraryKeepOffline(data);
    },
  });

  // Contribution: the outbox is retried by its alarm (survives restarts), when the network
  // comes back, and when the user turns consent on; whatever is due goes at worker start.
  const resumeContribution = async () => {
    if (await consented()) await contributor.resume();
  };
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === OUTBOX_ALARM) void resumeContribution();
  });
  globalThis.addEventListener?.('online', () => void resumeContribution());
  onSettingsChanged((settings) => {
    if (settings.contribute.enabled) void resumeContribution();
  });
  void resumeContribution();

  browser.alarms.onAlarm.addListener(async (alarm) => {
    // Alarms exist only after consent (applySchedules); one left by an older version must not fire.
    if (!(await consented())) return;
    if (alarm.name === MIRRORS_ALARM) return void refreshMirrorsNow(browser);
    if (alarm.name === DATA_BUNDLE_ALARM) return void refreshDataBundleNow(browser);
    void library.onAlarm(alarm.name);
    if (alarm.name !== ALARM_NAME) return;
    // Offline: a run would only say "offline" for every target. Wait for the next alarm.
    if (!navigator.onLine) return;
    void engine.checkNow('alarm').then(() => engine.prune());
  });

  browser.runtime.onInstalled.addListener(async ({ reason }) => {
    // First run — and an update from a version that never asked: the first-run page says what
    // Vantage would contact and asks when. Nothing is checked until it is answered.
    if (reason !== 'install' && reason !== 'update') return;
    if (reason === 'update' && (await consented())) return;
    void browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') });
  });

  // Diagnose the page the user just failed to open — only with its own switch on (first-run page).
  const recentlyDiagnosed = new Map<string, number>();
  browser.webRequest.onErrorOccurred.addListener(
    (details) => {
      if (!isDiagnosableNavigationError(details.error, details.url)) return;
      void loadSettings().then((settings) => {
        if (!diagnosesFailedPages(settings)) return;
        const origin = new URL(details.url).origin;
        if (Date.now() - (recentlyDiagnosed.get(origin) ?? 0) < 60_000) return;
        recentlyDiagnosed.set(origin, Date.now());
        void engine.checkUrl(details.url, 'navigation-error');
      });
    },
    { urls: ['http://*/*', 'https://*/*'], types: ['main_frame'] },
  );

  // Every alarm follows the settings; before consent there is none at all (nothing to fire later).
  async function applySchedules(settings: Settings) {
    const minutes = scheduledCheckMinutes(settings);
    const existing = await browser.alarms.get(ALARM_NAME);
    if (minutes <= 0) await browser.alarms.clear(ALARM_NAME);
    else if (existing?.periodInMinutes !== minutes)
      await browser.alarms.create(ALARM_NAME, { periodInMinutes: minutes, delayInMinutes: minutes });
    const allowed = hasConsented(settings);
    const onItsOwn = refreshesOnItsOwn(settings);
    await scheduleMirrorRefresh(browser, onItsOwn ? settings.advice.mirrorsUrl : '');
    await scheduleDataBundleRefresh(browser, endpointsOnItsOwn(settings));
    await library.schedule(onItsOwn ? settings.library.refreshMinutes : 0);
    if (!allowed) await browser.alarms.clear(OUTBOX_ALARM);
  }
  onSettingsChanged((settings) => void applySchedules(settings));
  void loadSettings().then(async (settings) => {
    await applySchedules(settings);
    // A run the previous worker did not finish is resumed or closed, never left "running".
    if (hasConsented(settings)) await engine.recover();
  });
});
