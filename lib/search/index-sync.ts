import type { ArticleRecord, Database } from '../db';
import { IndexBuild } from './index-build';
import type { SearchHit } from './options';
import { applyChanges, CorruptIndexError, readDocTable, writeWholeIndex } from './shard-store';

export interface IndexProgress {
  /** rebuilding: there is no usable stored index; updating: the stored one is being brought up to date. */
  phase: 'rebuilding' | 'updating';
  done: number;
  total: number;
}

export interface IndexSyncReport {
  rebuilt: boolean;
  added: number;
  removed: number;
  documents: number;
  ms: number;
  /** Nothing was done: there was no usable index and a rebuild was not wanted here. */
  skipped?: boolean;
  /** A rebuild that started from an interrupted one's checkpoint: the articles it already held. */
  resumedFrom?: number;
}

/** What the index worker (index-worker.ts) tells the page. */
export type IndexWorkerMessage =
  | { kind: 'progress'; phase: 'rebuilding' | 'updating'; done: number; total: number }
  | { kind: 'done'; rebuilt: boolean; added: number; removed: number; documents: number; ms: number }
  | { kind: 'failed'; message: string }
  /** The answer to a `search` asked while a build runs; `hits: null` when none runs (search the stored index). */
  | { kind: 'hits'; id: number; hits: SearchHit[] | null; done: number; total: number };

/**
 * What the page asks the index worker: a sync (any other message), a rebuild (the page found the
 * stored index unreadable), or a query while it builds.
 */
export type IndexWorkerRequest =
  { kind: 'sync' } | { kind: 'rebuild' } | { kind: 'search'; id: number; query: string; limit: number };

const BATCH = 200;
const SLICE = 20;
/**
 * A first build stores its progress every this many articles: a worker stopped later (the page
 * closed) resumes from there. Each checkpoint writes the index so far as one value (≈ 2 KB an
 * article), so more often would cost more than the work it saves.
 */
const CHECKPOINT_EVERY = 2_000;

/**
 * Bring the sharded stored index up to date with the articles, off the page's main thread (it
 * runs in lib/search/index-worker.ts). The articles' ids and fetch times are walked (an index
 * cursor, no bodies); only new, re-fetched and gone articles are applied, a batch per
 * transaction, so a page reading meanwhile sees the index before or after a batch, never half of
 * one. A missing, corrupt or older-format index is rebuilt from the articles (the truth) in memory
 * (index-build.ts: searchable while it runs, checkpointed so an interrupted build resumes) and
 * replaces the stored pieces at once.
 * `rebuild: false` (the background, after a refresh saved articles) applies changes only;
 * `discard: true` (a query found a term's postings unreadable) rebuilds without reading the stored one.
 */
export async function syncSearchIndex(
  db: Database,
  onProgress: (progress: IndexProgress) => void = () => {},
  options: {
    rebuild?: boolean;
    /** The stored index is not to be trusted (a query found it unreadable): rebuild it whole. */
    discard?: boolean;
    /** Told the build while one runs (and undefined after), so the worker can search it meanwhile. */
    onBuild?: (build: IndexBuild | undefined) => void;
    /** How a build yields between slices (the worker: to its message queue). */
    pause?: () => Promise<void>;
    checkpointEvery?: number;
  } = {},
): Promise<IndexSyncReport> {
  const started = performance.now();
  const current = await articleVersions(db);
  const table = options.discard ? undefined : await readDocTable(db);
  const finish = (rebuilt: boolean, added: number, removed: number) => ({
    rebuilt,
    added,
    removed,
    documents: current.size,
    ms: performance.now() - started,
  });
  if (table) {
    const stale = [...current].filter(([id, fetchedAt]) => table.indexed[id] !== fetchedAt).map(([id]) => id);
    const gone = Object.keys(table.indexed).filter((id) => !current.has(id));
    try {
      let added = 0;
      let removed = (await applyChanges(db, [], gone)).removed;
      onProgress({ phase: 'updating', done: 0, total: stale.length });
      for (let i = 0; i < stale.length; i += BATCH) {
        const records = await readArticles(db, stale.slice(i, i + BATCH));
        const changed = await applyChanges(db, records, []);
        added += changed.added;
        removed += changed.removed;
        onProgress({ phase: 'updating', done: Math.min(stale.length, i + BATCH), total: stale.length });
      }
      await IndexBuild.dropLeftover(db);
      return finish(false, added, removed);
    } catch (error) {
      if (!(error instanceof CorruptIndexError)) throw error;
      // The pieces do not fit together (a tampered profile): rebuilt below, nothing is lost.
    }
  }
  if (options.rebuild === false) return { ...finish(false, 0, 0), skipped: true };

  const ids = [...current.keys()];
  const build = await IndexBuild.resume(db, ids.length);
  const resumedFrom = build.done;
  const pause = options.pause ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  const every = options.checkpointEvery ?? CHECKPOINT_EVERY;
  const todo = ids.filter((id) => !build.indexed.has(id));
  options.onBuild?.(build);
  try {
    onProgress({ phase: 'rebuilding', done: build.done, total: ids.length });
    let checkpointAt = (Math.floor(build.done / every) + 1) * every;
    for (let i = 0; i < todo.length; i += BATCH) {
      const records = await readArticles(db, todo.slice(i, i + BATCH));
      // A few articles at a time, yielding between them, so the worker answers a query typed
      // meanwhile (index-worker.ts) within a slice's time, not a batch's.
      for (let j = 0; j < records.length; j += SLICE) {
        build.add(records.slice(j, j + SLICE));
        await pause();
        if (build.done >= checkpointAt && build.done < ids.length) {
          await build.checkpoint(db);
          checkpointAt = (Math.floor(build.done / every) + 1) * every;
        }
      }
      onProgress({ phase: 'rebuilding', done: build.done, total: ids.length });
    }
    await writeWholeIndex(db, build.mini, build.indexed);
  } finally {
    options.onBuild?.(undefined);
  }
  const report = { ...finish(true, build.done - resumedFrom, 0), resumedFrom };
  // A checkpoint from before an article was re-fetched or deleted: applied now, as any change is.
  if ([...build.indexed].some(([id, fetchedAt]) => current.get(id) !== fetchedAt)) {
    const after = await syncSearchIndex(db, onProgress, { rebuild: false });
    return {
      ...report,
      added: report.added + after.added,
      removed: after.removed,
      ms: performance.now() - started,
    };
  }
  return report;
}

async function readArticles(db: Database, ids: string[]): Promise<ArticleRecord[]> {
  const tx = db.transaction('articles');
  const records = await Promise.all(ids.map((id) => tx.store.get(id)));
  await tx.done;
  // One deleted while we read is picked up by the next sync.
  return records.filter((record): record is ArticleRecord => !!record);
}

/** id → fetchedAt for every article, from the byFetched index's keys alone. */
export async function articleVersions(db: Database): Promise<Map<string, number>> {
  const versions = new Map<string, number>();
  const tx = db.transaction('articles');
  for (
    let cursor = await tx.store.index('byFetched').openKeyCursor();
    cursor;
    cursor = await cursor.continue()
  )
    versions.set(String(cursor.primaryKey), Number(cursor.key));
  await tx.done;
  return versions;
}
