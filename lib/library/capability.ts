import type { WxtBrowser as Browser } from 'wxt/browser';
import type { Capability } from '../background';
import { openDatabase } from '../db';
import { engineStatus } from '../engine';
import { syncSearchIndex } from '../search';
import { loadSettings, refreshesOnItsOwn } from '../settings';
import type { ConnectionState } from '../verdict/types';
import { createPageProcessor } from './dom-host';
import { readTab } from './keep-offline';
import { createLibraryService, type LibraryService } from './service';
import { addSource, removeSource } from './sources';
import { isFirstDegradation, LIBRARY_ALARM, shouldRefreshOnSchedule } from './triggers';

/**
 * The offline library's side of the background: sources, refreshes (its alarm, the user's
 * button, the engine's first sight of blocking) and "Keep offline". Articles themselves have no
 * message: the pages edit them in IndexedDB directly (lib/messaging/protocol.ts says why).
 */
export function createLibraryCapability(
  browser: Browser,
  kind: 'chromium' | 'firefox',
): Capability & {
  service: LibraryService;
  onTransition(previous: ConnectionState | undefined, next: ConnectionState): void;
} {
  const service = createLibraryService({
    db: () => openDatabase(),
    settings: loadSettings,
    fetch: (...args) => fetch(...args),
    process: createPageProcessor(kind),
    persist: () => navigator.storage?.persist?.() ?? Promise.resolve(false),
    // Only what changed; a first build (tens of seconds, ~100 MB) is left to the reader's worker.
    indexSaved: (db) => syncSearchIndex(db, undefined, { rebuild: false }),
  });

  return {
    name: 'library',
    service,
    handlers: {
      librarySources: async () => ({ sources: await (await openDatabase()).getAll('sources') }),
      libraryAddSource: async ({ url, kind: sourceKind, title }) =>
        addSource(await openDatabase(), { url, kind: sourceKind, title }),
      libraryRemoveSource: async ({ id }) => ({ removed: await removeSource(await openDatabase(), id) }),
    },
    networkHandlers: {
      libraryRefresh: ({ sourceIds }) => service.refresh('manual', sourceIds),
      libraryKeepOffline: async ({ tabId }) => {
        const tab = await readTab(browser, tabId);
        return tab.ok ? service.keepOffline(tab) : tab;
      },
    },
    alarms: [
      {
        name: LIBRARY_ALARM,
        // Its sources are fetched on its own clock only with "on a schedule" (consent.ts).
        periodMinutes: (settings) => (refreshesOnItsOwn(settings) ? settings.library.refreshMinutes : 0),
        async run() {
          const status = await engineStatus.getValue();
          if (navigator.onLine && shouldRefreshOnSchedule(status.lastRun?.connection?.state))
            await service.refresh('alarm');
        },
      },
    ],
    /** Engine hook: the first step into blocking is the last chance before a shutdown. */
    onTransition(previous, next) {
      if (isFirstDegradation(previous, next)) void service.refresh('degradation');
    },
    halt: () => service.halt(),
  };
}
