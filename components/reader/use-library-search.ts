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
        search.current = LibrarySearch.open(db);
      }
      search.current.then(
        ({ search: index, report }) => {
          if (alive)
            setState({ kind: 'ready', hits: index.search(trimmed, { limit: 200 }), report, query: trimmed });
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
