import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Database } from '../../lib/db';
// Bundled by Vite as a worker script of its own (a file the extension's CSP allows: 'self'); a
// worker is started from its own module, so this one import goes past lib/search's index.
// eslint-disable-next-line no-restricted-imports
import IndexWorker from '../../lib/search/index-worker?worker';
import {
  BuildQueries,
  CorruptIndexError,
  LatestQuery,
  ShardedSearch,
  type IndexWorkerMessage,
  type IndexWorkerRequest,
  type SearchHit,
} from '../../lib/search';

export interface IndexingProgress {
  /** rebuilding: hits are over the `done` articles indexed so far; updating: the newest may be missing. */
  phase: 'rebuilding' | 'updating';
  done: number;
  total: number;
}

export type SearchState =
  | { kind: 'idle' }
  | { kind: 'preparing' }
  /** There is no stored index yet: the worker is building it (search answers once it is there). */
  | { kind: 'indexing'; progress?: IndexingProgress }
  /**
   * `indexing`: the worker is still adding articles; these hits are from the index before them,
   * or (phase rebuilding) from the articles its build holds so far.
   */
  | {
      kind: 'ready';
      hits: SearchHit[];
      query: string;
      indexing?: IndexingProgress;
      /** False once the user typed on: work still to do for these hits (passages) can stop. */
      wanted?: () => boolean;
    }
  | { kind: 'failed'; message: string };

type Answer =
  { kind: 'indexing' } | { kind: 'ready'; hits: SearchHit[]; query: string; wanted?: () => boolean };

/**
 * The library's search for this page (issue #17). Queries read the sharded stored index
 * (lib/search/sharded-search.ts: the document table, then only the shards a query needs), so the
 * page opens in a fraction of a second and holds a few MB. Keeping the index current — a few
 * new articles, or a whole rebuild — is a Worker's job (lib/search/index-worker.ts), started once
 * the first query is answered (not with the page, where it would compete with opening an article
 * or an export, nor before that query, whose reads it would slow: measured, issue #17), or at once
 * when there is no index stored yet and asked again whenever the library changes; meanwhile search
 * answers from the index as stored, saying the newest articles are still being added. Every
 * keystroke asks a query; stale ones are dropped (LatestQuery).
 */
export function useLibrarySearch(db: Database | undefined, query: string, version: number): SearchState {
  const index = useRef<Promise<ShardedSearch | undefined>>();
  const worker = useRef<Worker>();
  const latest = useRef(new LatestQuery());
  const [answer, setAnswer] = useState<
    Answer | { kind: 'preparing' } | { kind: 'failed'; message: string }
  >();
  const [progress, setProgress] = useState<IndexingProgress>();
  // While the worker builds the index there is none stored: queries go to its build (the part
  // indexed so far), and are asked again as it grows.
  const building = useRef(false);
  // A query found the stored index unreadable and asked the worker to rebuild it: until that is
  // done, queries go to the build, never again to the stored index (which would ask again).
  const rebuilding = useRef(false);
  const [buildTick, setBuildTick] = useState(0);
  // A build answers a query within one slice of 20 articles; far longer means the worker is stuck.
  const asked = useRef(new BuildQueries(5_000));
  const askedAt = useRef(0);
  // Bumped when the worker changed the stored index: the open one is dropped, the query asked again.
  const [indexVersion, setIndexVersion] = useState(0);
  const trimmed = query.trim();

  const keepIndexCurrent = (request: IndexWorkerRequest = { kind: 'sync' }) => {
    if (!worker.current) {
      const keeper = new IndexWorker();
      keeper.onmessage = ({ data }: MessageEvent<IndexWorkerMessage>) => {
        if (data.kind === 'hits')
          return asked.current.settle(data.id, data.hits && data.done ? data.hits : null);
        if (data.kind === 'progress') {
          building.current = data.phase === 'rebuilding';
          // Asked again as the build grows: at its first articles, then every tenth of the
          // library (each query over the growing build costs the worker time it builds with).
          if (
            building.current &&
            data.done &&
            (!askedAt.current || data.done - askedAt.current >= data.total / 10)
          ) {
            askedAt.current = data.done;
            setBuildTick((tick) => tick + 1);
          }
          return setProgress(
            data.total ? { phase: data.phase, done: data.done, total: data.total } : undefined,
          );
        }
        building.current = false;
        setProgress(undefined);
        if (data.kind === 'failed' || data.rebuilt) rebuilding.current = false;
        if (data.kind === 'failed') return setAnswer({ kind: 'failed', message: data.message });
        if (data.rebuilt || data.added || data.removed) {
          index.current = undefined;
          setIndexVersion((v) => v + 1);
        }
      };
      // A worker that died (out of memory on a huge library, stopped by the browser) answers
      // nothing more: its waiting queries go on to the stored index, and the next change of the
      // library starts a new one, which resumes the build from its last checkpoint.
      keeper.onerror = (event) => {
        event.preventDefault();
        if (worker.current === keeper) worker.current = undefined;
        keeper.terminate();
        building.current = false;
        rebuilding.current = false;
        asked.current.abandonAll();
        setProgress(undefined);
        setAnswer({ kind: 'failed', message: event.message || 'The search index worker stopped.' });
      };
      worker.current = keeper;
    }
    worker.current.postMessage(request);
  };

  /** Hits over what the worker's build holds so far; undefined when it is not building (yet). */
  const askBuild = async (text: string): Promise<Answer | undefined> => {
    const hits = await asked.current.ask((id) =>
      worker.current!.postMessage({
        kind: 'search',
        id,
        query: text,
        limit: 200,
      } satisfies IndexWorkerRequest),
    );
    return hits ? { kind: 'ready', hits, query: text } : undefined;
  };

  const open = (database: Database) => {
    if (!index.current) {
      const started = performance.now();
      index.current = ShardedSearch.open(database).then((opened) => {
        // For bench/reader.ts: opening the stored index, and each query below.
        performance.measure('search-open', { start: started });
        return opened;
      });
      // A failed open is retried at the next query, not kept.
      index.current.catch(() => (index.current = undefined));
    }
    return index.current;
  };

  useEffect(() => {
    // The library changed (a save, delete, or the page became visible): bring the index up to date.
    if (worker.current) keepIndexCurrent();
  }, [version]);

  // A layout effect: the query is asked in the keystroke's own task. A plain effect waits for the
  // next animation frame (up to 17 ms) before the query even starts (issue #17, sixth round).
  useLayoutEffect(() => {
    if (!db || !trimmed) {
      latest.current.cancel();
      return setAnswer(undefined);
    }
    let opened = false;
    void index.current?.then(
      () => (opened = true),
      () => undefined,
    );
    latest.current.ask(
      async (current): Promise<Answer | undefined> => {
        // Only say "preparing" when the index is really not open yet.
        if (!opened) setAnswer((previous) => (previous?.kind === 'ready' ? previous : { kind: 'preparing' }));
        for (let attempt = 0; ; attempt++) {
          if (building.current || rebuilding.current) {
            const partial = await askBuild(trimmed);
            if (partial || !current()) return partial;
            if (rebuilding.current) return { kind: 'indexing' };
          }
          const search = await open(db);
          if (!search) {
            // Nothing stored to search: the worker builds it, and answers from its build meanwhile.
            if (!worker.current) keepIndexCurrent();
            return (await askBuild(trimmed)) ?? { kind: 'indexing' };
          }
          // Keystrokes typed while the index opened: only the newest is searched.
          if (!current()) return undefined;
          const started = performance.now();
          let hits: Awaited<ReturnType<ShardedSearch['search']>>;
          try {
            hits = await search.search(trimmed, { limit: 200, wanted: current });
          } catch (error) {
            if (!(error instanceof CorruptIndexError)) throw error;
            // A term's postings do not read (a tampered profile): rebuilt from the articles, the
            // truth, by the worker; this query and the next go to its build as it grows.
            index.current = undefined;
            rebuilding.current = true;
            keepIndexCurrent({ kind: 'rebuild' });
            return { kind: 'indexing' };
          } finally {
            // The worker brings the stored index up to date after the page's first query, not
            // before it: its walk over every article's key (10,000 requests at 10,000 articles)
            // would be answered between this query's reads, one request after another (measured:
            // issue #17, tenth round).
            if (!worker.current) keepIndexCurrent();
          }
          performance.measure('search-query', { start: started });
          if (hits === 'dropped') return undefined;
          if (hits !== 'stale') return { kind: 'ready', hits, query: trimmed };
          // The worker changed the stored index between our reads: open the new one.
          if (index.current && (await index.current) === search) index.current = undefined;
          if (attempt === 2) throw new Error('The search index kept changing while it was read.');
        }
      },
      (found, wanted) => found && setAnswer(found.kind === 'ready' ? { ...found, wanted } : found),
      (error: unknown) => {
        index.current = undefined;
        setAnswer({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
  }, [db, trimmed, version, indexVersion, buildTick]);

  useEffect(
    () => () => {
      latest.current.cancel();
      // A sync cut short leaves the index as its last whole batch left it (one transaction each).
      worker.current?.terminate();
    },
    [],
  );

  if (!trimmed || !answer) return { kind: 'idle' };
  if (answer.kind === 'indexing') return { kind: 'indexing', progress };
  if (answer.kind === 'ready') return progress ? { ...answer, indexing: progress } : answer;
  return answer;
}
