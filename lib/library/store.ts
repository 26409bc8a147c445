import type { ArticleRecord, Database } from '../db';
import { loadSettings } from '../settings';
import { MIB, saveArticleWithin, type NewImage, type SaveOptions, type SaveResult } from './store-core';

// The library's writes are in store-core.ts, which reads no settings (a worker saves a pack's
// articles with it); saving with the user's budget by default is here.
export * from './store-core';

export async function saveArticle(
  db: Database,
  article: ArticleRecord,
  images: readonly NewImage[],
  options: SaveOptions = {},
): Promise<SaveResult> {
  const budgetBytes = options.budgetBytes ?? (await loadSettings()).library.budgetMb * MIB;
  return saveArticleWithin(
    db,
    article,
    images,
    budgetBytes,
    options.now === undefined ? {} : { now: options.now },
  );
}
