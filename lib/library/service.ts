import type { Database, SourceRecord } from '../db';
import type { Settings } from '../settings';
import { fail, type LibraryFailure } from './failure';
import type { ProcessedPage } from './process-page';
import { refreshSources, saveProcessed, type CaptureDeps, type RefreshReport } from './refresh';
import { seedDefaultSources } from './sources';
import type { LoginSign } from './signs-of-login';
import type { EvictedArticle } from './store';

/**
 * The library as the background uses it: one refresh at a time (a second request joins the
 * one in progress — an alarm and a degradation can fire together), keep-offline, and asking
 * the browser to keep our storage on the first save. Browser APIs come in as dependencies.
 */
export interface LibraryServiceDeps {
  db(): Promise<Database>;
  settings(): Promise<Settings>;
  fetch: typeof fetch;
  process(html: string, url: string): Promise<ProcessedPage | LibraryFailure>;
  /** navigator.storage.persist: best-effort eviction protection from the browser itself. */
  persist?(): Promise<boolean>;
  now?(): number;
  /** Articles were saved or evicted: bring the search index up to date (lib/search). */
  indexSaved?(db: Database): Promise<unknown>;
}

export type KeepOfflineResult =
  | {
      ok: true;
      articleId: string;
      title: string;
      evicted: EvictedArticle[];
      /** Why the page looked logged-in (the popup offers to delete the copy); empty if it did not. */
      loginSigns: LoginSign[];
      /** The tab had not finished loading: what had arrived was saved (the popup says so). */
      partial?: boolean;
    }
  | LibraryFailure;

const PERSIST_KEY = 'persistRequested';
const MIB = 1024 * 1024;

export function createLibraryService(deps: LibraryServiceDeps) {
  const now = deps.now ?? Date.now;
  let running: Promise<RefreshReport> | undefined;
  // Aborted by halt(): every request of the refresh in progress fails at once, so it ends fast.
  let controller = new AbortController();
  const fetchUntilHalted: typeof fetch = (input, init) =>
    deps.fetch(input, {
      ...init,
      signal: init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal,
    });

  async function captureDeps(): Promise<CaptureDeps> {
    const settings = await deps.settings();
    return {
      db: await deps.db(),
      fetch: fetchUntilHalted,
      process: deps.process,
      budgetBytes: settings.library.budgetMb * MIB,
      now,
      limits: { timeoutMs: Math.max(settings.requestTimeoutMs, 5_000) },
    };
  }

  async function requestPersistence(db: Database) {
    if (!deps.persist || (await db.get('libraryMeta', PERSIST_KEY))) return;
    const granted = await deps.persist().catch(() => false);
    await db.put('libraryMeta', { key: PERSIST_KEY, value: { at: now(), granted } });
  }

  return {
    /** Refresh every source (or the given ones); joins a refresh already running. */
    refresh(trigger: string, sourceIds?: string[]): Promise<RefreshReport> {
      if (running) return running;
      running = (async () => {
        const capture = await captureDeps();
        const settings = await deps.settings();
        await seedDefaultSources(capture.db, settings.packId, now());
        let sources: SourceRecord[] = await capture.db.getAll('sources');
        if (sourceIds) sources = sources.filter((s) => sourceIds.includes(s.id));
        const report = await refreshSources(sources, capture, trigger);
        if (report.sources.some((s) => s.saved > 0)) await requestPersistence(capture.db);
        // Inside the refresh, so a wipe's halt() waits for it too; a failure only delays it to
        // the reader's next search, which syncs again.
        await deps.indexSaved?.(capture.db).catch(() => undefined);
        return report;
      })().finally(() => {
        running = undefined;
      });
      return running;
    },

    /**
     * Stop the refresh in progress and wait until it has written its last byte — "wipe
     * everything" calls this first, or a refresh finishing afterwards would write articles back.
     */
    async halt(): Promise<void> {
      controller.abort();
      await running?.catch(() => undefined);
      controller = new AbortController();
    },

    /** Save a page the user is reading (its rendered HTML, taken from the tab) and pin it. */
    async keepOffline(page: {
      html: string;
      url: string;
      stillLoading?: boolean;
    }): Promise<KeepOfflineResult> {
      if (!/^https?:\/\//i.test(page.url)) return fail('no-tab', page.url.slice(0, 100));
      const capture = await captureDeps();
      const processed = await deps.process(page.html, page.url);
      if (!processed.ok) return processed;
      const saved = await saveProcessed(processed, 'saved', capture, { pinned: true });
      if (!saved.ok) return saved;
      await requestPersistence(capture.db);
      // Not waited for: the popup's answer does not depend on it.
      void deps.indexSaved?.(capture.db).catch(() => undefined);
      return {
        ok: true,
        articleId: saved.article.id,
        title: saved.article.title,
        evicted: saved.evicted,
        loginSigns: processed.loginSigns,
        ...(page.stillLoading ? { partial: true } : {}),
      };
    },
  };
}

export type LibraryService = ReturnType<typeof createLibraryService>;
