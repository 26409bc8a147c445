import MiniSearch from 'minisearch';
import type { ArticleRecord, Database } from '../db';
import { INDEX_OPTIONS, toDoc, type Doc } from './options';
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
}

/** What the index worker (index-worker.ts) tells the page. */
export type IndexWorkerMessage =
  | { kind: 'progress'; phase: 'rebuilding' | 'updating'; done: number; total: number }
  | { kind: 'done'; rebuilt: boolean; added: number; removed: number; documents: number; ms: number }
  | { kind: 'failed'; message: string };

const BATCH = 200;

/**
 * Bring the sharded stored index up to date with the articles, off the page's main thread (it
 * runs in lib/search/index-worker.ts). The articles' ids and fetch times are walked (an index
 * cursor, no bodies); only new, re-fetched and gone articles are applied, a batch per
 * transaction, so a page reading meanwhile sees the index before or after a batch, never half of
 * one. A missing, corrupt or older-format index is rebuilt from the articles (the truth) and
 * replaces the stored pieces at once; until then pages search whatever was stored before.
 * `rebuild: false` (the background, after a refresh saved articles) applies changes only.
 */
export async function syncSearchIndex(
  db: Database,
  onProgress: (progress: IndexProgress) => void = () => {},
  options: { rebuild?: boolean } = {},
): Promise<IndexSyncReport> {
  const started = performance.now();
  const current = await articleVersions(db);
  const table = await readDocTable(db);
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
      return finish(false, added, removed);
    } catch (error) {
      if (!(error instanceof CorruptIndexError)) throw error;
      // The pieces do not fit together (a tampered profile): rebuilt below, nothing is lost.
    }
  }
  if (options.rebuild === false) return { ...finish(false, 0, 0), skipped: true };
  const mini = new MiniSearch<Doc>(INDEX_OPTIONS);
  const ids = [...current.keys()];
  onProgress({ phase: 'rebuilding', done: 0, total: ids.length });
  const indexed = new Map<string, number>();
  for (let i = 0; i < ids.length; i += BATCH) {
    const records = await readArticles(db, ids.slice(i, i + BATCH));
    mini.addAll(records.map(toDoc));
    for (const record of records) indexed.set(record.id, record.fetchedAt);
    onProgress({ phase: 'rebuilding', done: Math.min(ids.length, i + BATCH), total: ids.length });
  }
  await writeWholeIndex(db, mini, indexed);
  return finish(true, indexed.size, 0);
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
