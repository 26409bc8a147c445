import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createContributor, OUTBOX_ALARM } from '../lib/contribute';
import { MIRRORS_ALARM, refreshMirrorsNow, scheduleMirrorRefresh } from '../lib/advice/background';
import { toJsonLines } from '../lib/contribute/ooni-format';
import { openDatabase } from '../lib/db';
import { ALARM_NAME, createEngine, isDiagnosableNavigationError } from '../lib/engine';
import { wipeEverything } from '../lib/engine/wipe';
import { createLibraryWiring } from '../lib/library/wiring';
import { handleMessages } from '../lib/messaging';
import { exportPreset, importPreset, loadSettings, onSettingsChanged, saveSettings } from '../lib/settings';

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

  handleMessages({
    ping: ({ sentAt }) => ({ receivedAt: Math.max(Date.now(), sentAt), version }),
    checkNow: () => engine.checkNow('manual'),
    cancelRun: () => ({ cancelled: engine.cancel() }),
    checkUrl: async ({ url }) => {
      const measurement = await engine.checkUrl(url, 'tab');
      return measurement ? { measurement } : { reason: 'not-a-website' as const };
    },
    exportMeasurements: async () => {
      const records = await (await openDatabase()).getAllFromIndex('measurements', 'byTime');
      return { jsonl: toJsonLines(records, { softwareVersion: version }), count: records.length };
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
    contributeRetryNow: ({ ids }) => contributor.retryNow(ids),
    contributeRemove: async ({ ids }) => ({ removed: await contributor.remove(ids) }),
    // advice (lib/advice)
    adviceRefreshMirrors: () => refreshMirrorsNow(browser),
    ...library.handlers,
  });

  // Contribution: the outbox is retried by its alarm (survives restarts), when the network
  // comes back, and when the user turns consent on; whatever is due goes at worker start.
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === OUTBOX_ALARM) void contributor.resume();
  });
  globalThis.addEventListener?.('online', () => void contributor.resume());
  onSettingsChanged((settings) => {
    if (settings.contribute.enabled) void contributor.resume();
  });
  void contributor.resume();

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === MIRRORS_ALARM) return void refreshMirrorsNow(browser);
    void library.onAlarm(alarm.name);
    if (alarm.name !== ALARM_NAME) return;
    // Offline: a run would only say "offline" for every target. Wait for the next alarm.
    if (!navigator.onLine) return;
    void engine.checkNow('alarm').then(() => engine.prune());
  });

  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason !== 'install') return;
    // First run: the options page shows language, privacy and the contribution switch (off).
    void browser.runtime.openOptionsPage();
    void engine.checkNow('install');
  });

  // Diagnose the page the user just failed to open.
  const recentlyDiagnosed = new Map<string, number>();
  browser.webRequest.onErrorOccurred.addListener(
    (details) => {
      if (!isDiagnosableNavigationError(details.error, details.url)) return;
      const origin = new URL(details.url).origin;
      if (Date.now() - (recentlyDiagnosed.get(origin) ?? 0) < 60_000) return;
      recentlyDiagnosed.set(origin, Date.now());
      void engine.checkUrl(details.url, 'navigation-error');
    },
    { urls: ['http://*/*', 'https://*/*'], types: ['main_frame'] },
  );

  const schedule = (minutes: number) =>
    minutes > 0
      ? browser.alarms.create(ALARM_NAME, { periodInMinutes: minutes, delayInMinutes: minutes })
      : browser.alarms.clear(ALARM_NAME);
  void loadSettings().then(async (settings) => {
    const existing = await browser.alarms.get(ALARM_NAME);
    if (existing?.periodInMinutes !== settings.scheduleMinutes) await schedule(settings.scheduleMinutes);
  });
  onSettingsChanged((settings) => {
    void schedule(settings.scheduleMinutes);
    void scheduleMirrorRefresh(browser, settings.advice.mirrorsUrl);
    void library.schedule(settings.library.refreshMinutes);
  });
  void loadSettings().then((settings) => {
    void scheduleMirrorRefresh(browser, settings.advice.mirrorsUrl);
    void library.schedule(settings.library.refreshMinutes);
  });

  // A run the previous worker did not finish is resumed or closed, never left "running".
  void engine.recover();
});
