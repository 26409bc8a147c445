import { useEffect, useRef, useState } from 'preact/hooks';
import type { Database } from '../../lib/db';
import { LibrarySearch, type SearchHit, type SyncReport } from '../../lib/search';

export type SearchState =
  | { kind: 'idle' }
  | { kind: 'preparing' }
  | { kind: 'ready'; hits: SearchHit[]; report: SyncReport; query: string }
  | { kind: 'failed'; message: string };

/**
 * The library's search index for this page: opened (and brought up to date) the first time the
 * user types, re-synced when the page is looked at again, queried on every keystroke after a
 * short pause.
 */
export function useLibrarySearch(db: Database | undefined, query: string, version: number): SearchState {
  const search = useRef<Promise<{ search: LibrarySearch; report: SyncReport }>>();
  const [state, setState] = useState<SearchState>({ kind: 'idle' });
  const trimmed = query.trim();

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
    if (!db || !trimmed) return setState({ kind: 'idle' });
    let alive = true;
    const timer = setTimeout(() => {
      if (!search.current) {
        setState({ kind: 'preparing' });
        const started = performance.now();
        search.current = LibrarySearch.open(db).then((opened) => {
          // For bench/reader.ts: loading + syncing the index, and each query below.
          performance.measure('search-open', { start: started });
          return opened;
        });
      }
      search.current.then(
        ({ search: index, report }) => {
          const started = performance.now();
          const hits = index.search(trimmed, { limit: 200 });
          performance.measure('search-query', { start: started });
          if (alive) setState({ kind: 'ready', hits, report, query: trimmed });
        },
        (error: unknown) => {
          search.current = undefined;
          if (alive)
            setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
        },
      );
    }, 120);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [db, trimmed, version]);

  return state;
}
