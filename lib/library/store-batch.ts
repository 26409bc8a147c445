import type { ArticleRecord, Database } from '../db';
import {
  finishSaves,
  lookUp,
  planSave,
  saveArticleWithin,
  writePlanned,
  type NewImage,
  type SaveOptions,
  type SaveResult,
  type SaveState,
} from './store-core';
import { usedBytes } from './usage';

// Its own module, apart from store.ts, so that the pages which only read, pin or delete (the popup)
// do not load it: Rollup splits chunks by module (docs/architecture.md#build).
export interface ArticleToSave {
  article: ArticleRecord;
  images: readonly NewImage[];
}

/**
 * Save several articles in ONE readwrite transaction, with the same result, article by article,
 * as calling saveArticle for each in turn (issue #17: a transaction per article was most of a
 * pack import's time in Chromium). Each article is checked — shape, budget, eviction, another
 * copy of its address — before anything of it is written, so one that saveArticle would refuse
 * is refused here without touching the others. If the transaction itself fails (a full disk),
 * nothing of it was written, and each article is then tried alone with saveArticle, so those
 * that fit are kept and the one that did not is reported with its reason.
 */
export async function saveArticles(
  db: Database,
  items: readonly ArticleToSave[],
  options: SaveOptions & { budgetBytes: number },
): Promise<SaveResult[]> {
  const budgetBytes = options.budgetBytes;
  const now = options.now ?? Date.now();
  const planned = items.map(({ article, images }) => planSave(article, images, budgetBytes));
  const results: (SaveResult | undefined)[] = planned.map((plan) => ('ok' in plan ? plan : undefined));
  if (results.every(Boolean)) return results as SaveResult[];

  // As in saveArticle: nothing but IndexedDB requests is awaited until the transaction is done.
  const tx = db.transaction(['articles', 'images', 'libraryMeta'], 'readwrite');
  try {
    // Every article's lookups asked at once with the usage counter: one round trip for the
    // batch, not one an article (writePlanned asks again where an earlier save changed them).
    const asked = planned.map((plan) => {
      if ('ok' in plan) return undefined;
      const lookups = lookUp(tx, plan.article);
      lookups.catch(() => undefined);
      return lookups;
    });
    const state: SaveState = { used: await usedBytes(tx), wrote: false };
    for (const [i, plan] of planned.entries())
      if (!('ok' in plan)) results[i] = await writePlanned(tx, plan, state, budgetBytes, now, asked[i]);
    // The meta records end as saveArticle one at a time would leave them.
    await finishSaves(tx, state);
    await tx.done;
    return results as SaveResult[];
  } catch {
    try {
      tx.abort();
    } catch {
      // Already aborted by the failed request.
    }
    await tx.done.catch(() => undefined);
    // Nothing of this transaction was kept: each article that got this far is tried on its own.
    for (const [i, plan] of planned.entries())
      if (!('ok' in plan))
        results[i] = await saveArticleWithin(db, plan.article, items[i]!.images, budgetBytes, { now });
    return results as SaveResult[];
  }
}
