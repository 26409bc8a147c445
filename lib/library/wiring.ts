import type { WxtBrowser as Browser } from 'wxt/browser';
import { openDatabase } from '../db';
import { STATUS_KEY, type EngineStatus } from '../engine/status';
import type { Handlers } from '../messaging';
import { loadSettings } from '../settings';
import type { ConnectionState } from '../verdict/types';
import { createPageProcessor } from './dom-host';
import { readTab } from './keep-offline';
import { createLibraryService } from './service';
import { addSource, removeSource } from './sources';
import { deleteArticle, setPinned } from './store';
import { isFirstDegradation, LIBRARY_ALARM, shouldRefreshOnSchedule } from './triggers';

/**
 * Everything the background needs for the library, in one place so entrypoints/background.ts
 * stays wiring-only and other areas' edits there do not collide with this one.
 */
export function createLibraryWiring(browser: Browser, kind: 'chromium' | 'firefox') {
  const service = createLibraryService({
    db: () => openDatabase(),
    settings: loadSettings,
    fetch: (...args) => fetch(...args),
    process: createPageProcessor(kind),
    persist: () => navigator.storage?.persist?.() ?? Promise.resolve(false),
  });

  const handlers: Pick<
    Handlers,
    | 'librarySources'
    | 'libraryAddSource'
    | 'libraryRemoveSource'
    | 'libraryRefresh'
    | 'libraryKeepOffline'
    | 'libraryDeleteArticle'
    | 'librarySetPinned'
  > = {
    librarySources: async () => ({ sources: await (await openDatabase()).getAll('sources') }),
    libraryAddSource: async ({ url, kind: sourceKind, title }) =>
      addSource(await openDatabase(), { url, kind: sourceKind, title }),
    libraryRemoveSource: async ({ id }) => ({ removed: await removeSource(await openDatabase(), id) }),
    libraryRefresh: ({ sourceIds }) => service.refresh('manual', sourceIds),
    libraryKeepOffline: async ({ tabId }) => {
      const tab = await readTab(browser, tabId);
      return tab.ok ? service.keepOffline(tab) : tab;
    },
    libraryDeleteArticle: async ({ id }) => ({ deleted: await deleteArticle(await openDatabase(), id) }),
    librarySetPinned: async ({ id, pinned }) => ({
      updated: await setPinned(await openDatabase(), id, pinned),
    }),
  };

  return {
    service,
    handlers,
    /** Engine hook: the first step into blocking is the last chance before a shutdown. */
    onTransition(previous: ConnectionState | undefined, next: ConnectionState) {
      if (isFirstDegradation(previous, next)) void service.refresh('degradation');
    },
    /** True when the alarm was the library's. */
    async onAlarm(name: string): Promise<boolean> {
      if (name !== LIBRARY_ALARM) return false;
      const status = (await browser.storage.local.get(STATUS_KEY))[STATUS_KEY] as EngineStatus | undefined;
      if (navigator.onLine && shouldRefreshOnSchedule(status?.lastRun?.connection?.state))
        await service.refresh('alarm');
      return true;
    },
    async schedule(minutes: number) {
      const existing = await browser.alarms.get(LIBRARY_ALARM);
      if (minutes <= 0) return void (await browser.alarms.clear(LIBRARY_ALARM));
      if (existing?.periodInMinutes === minutes) return;
      await browser.alarms.create(LIBRARY_ALARM, { periodInMinutes: minutes, delayInMinutes: minutes });
    },
  };
}
