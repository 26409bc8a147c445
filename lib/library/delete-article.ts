import type { Database } from '../db';
import { USAGE_KEY, usedBytes } from './usage';

// Apart from store.ts (saving, the budget, eviction), which the popup would otherwise load
// whole for its one delete: undoing "Keep offline" (docs/architecture.md#build).

/** Delete an article and its images; false if there was none. */
export async function deleteArticle(db: Database, id: string): Promise<boolean> {
  const tx = db.transaction(['articles', 'images', 'libraryMeta'], 'readwrite');
  const old = await tx.objectStore('articles').get(id);
  if (!old) {
    await tx.done;
    return false;
  }
  const used = await usedBytes(tx);
  const images = tx.objectStore('images');
  for (const key of await images.index('byArticle').getAllKeys(id)) await images.delete(key);
  await tx.objectStore('articles').delete(id);
  await tx.objectStore('libraryMeta').put({ key: USAGE_KEY, value: Math.max(0, used - old.bytes) });
  await tx.done;
  return true;
}
