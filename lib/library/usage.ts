import type { IDBPTransaction } from 'idb';
import type { ArticleRecord, VantageDB } from '../db';

/**
 * The library's running total of stored bytes, which every write keeps up to date: saving
 * (store.ts, store-batch.ts) and deleting (delete-article.ts). A module of its own so that a
 * page which only deletes (the popup's undo of "Keep offline") does not carry the save path.
 */
export const USAGE_KEY = 'usage';

export type LibraryTx = IDBPTransaction<VantageDB, ('articles' | 'images' | 'libraryMeta')[], 'readwrite'>;

/**
 * The running total of stored bytes, kept beside the articles so a save does not read the
 * whole library; computed once from the articles if missing (a library written before it).
 */
export async function usedBytes(tx: LibraryTx): Promise<number> {
  const stored = (await tx.objectStore('libraryMeta').get(USAGE_KEY))?.value;
  if (typeof stored === 'number' && Number.isFinite(stored)) return stored;
  let total = 0;
  let cursor = await tx.objectStore('articles').openCursor();
  while (cursor) {
    total += (cursor.value as ArticleRecord).bytes ?? 0;
    cursor = await cursor.continue();
  }
  return total;
}
