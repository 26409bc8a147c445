import { useEffect, useRef, useState } from 'preact/hooks';
import type { Database } from '../../lib/db';
import { LatestQuery, LibrarySearch, type SearchHit, type SyncReport } from '../../lib/search';

export type SearchState =
  | { kind: 'idle' }
  | { kind: 'preparing' }
  | { kind: 'ready'; hits: SearchHit[]; report: SyncReport; query: string }
  | { kind: 'failed'; message: string };

/**
 * The library's search index for this page: opened (and brought up to date) the first time the
 * user types — not when the page opens, where loading or rebuilding it would compete with what
 * the user came for (opening an article, an export: measured, issue #17) — re-synced when the
 * library changes, queried on every keystroke with stale queries dropped (LatestQuery).
 */
export function useLibrarySearch(db: Database | undefined, query: string, version: number): SearchState {
  const search = useRef<Promise<{ search: LibrarySearch; report: SyncReport }>>();
  const latest = useRef(new LatestQuery());
  const [state, setState] = useState<SearchState>({ kind: 'idle' });
  const trimmed = query.trim();

  const open = (database: Database) => {
    if (!search.current) {
      const started = performance.now();
      search.current = LibrarySearch.open(database).then((opened) => {
        // For bench/reader.ts: loading + syncing the index, and each query below.
        performance.measure('search-open', { start: started });
        return opened;
      });
      // A failed open is retried at the next query, not kept.
      search.current.catch(() => (search.current = undefined));
    }
    return search.current;
  };

  useEffect(() => {
    // Pending index changes are written when the page is hidden (closed, switched away from).
    const flush = () => {
      if (document.visibilityState === 'hidden') void search.current?.then((open) => open.search.flush());
    };
    document.addEventListener('visibilitychange', flush);
    return () => document.removeEventListener('visibilitychange', flush);
  }, []);

  useEffect(() => {
    // Library changed (a save, delete, or the page became visible): sync on next use.
    if (search.current)
      search.current = search.current.then(async (open) => {
        const changed = await open.search.sync();
        return { ...open, report: { ...open.report, ...changed } };
      });
  }, [version]);

  useEffect(() => {
    if (!db || !trimmed) {
      latest.current.cancel();
      return setState({ kind: 'idle' });
    }
    let ready = false;
    void search.current?.then(
      () => (ready = true),
      () => undefined,
    );
    latest.current.ask(
      async (current) => {
        const pending = open(db);
        // Only say "preparing" when the index is really not there yet.
        if (!ready) setState((previous) => (previous.kind === 'ready' ? previous : { kind: 'preparing' }));
        const { search: index, report } = await pending;
        // Keystrokes typed while the index loaded: only the newest is searched (a one-letter
        // prefix over 10,000 articles is the most expensive query there is).
        if (!current()) return undefined;
        const started = performance.now();
        const hits = index.search(trimmed, { limit: 200 });
        performance.measure('search-query', { start: started });
        return { hits, report };
      },
      (found) => found && setState({ kind: 'ready', ...found, query: trimmed }),
      (error: unknown) => {
        // Opened again at the next query rather than kept failed.
        search.current = undefined;
        setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
  }, [db, trimmed, version]);

  useEffect(() => () => latest.current.cancel(), []);

  return state;
}
