import type { ArticleRecord, Database, ImageRecord } from '../db';
import { loadSettings } from '../settings';
import { storedHtmlBytes } from './compress';
import { fail } from './failure';
import { isFromPack } from './provenance';
import {
  EVICTED_URLS_KEY,
  LAST_EVICTION_KEY,
  MAX_EVICTED_URLS,
  MIB,
  USAGE_KEY,
  saveArticle,
  usedBytes,
  validateArticle,
  type EvictedArticle,
  type EvictionReport,
  type NewImage,
  type SaveOptions,
  type SaveResult,
} from './store';

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
  options: SaveOptions = {},
): Promise<SaveResult[]> {
  const budgetBytes = options.budgetBytes ?? (await loadSettings()).library.budgetMb * MIB;
  const now = options.now ?? Date.now();
  const results: (SaveResult | undefined)[] = items.map(({ article, images }) =>
    validateArticle(article, images),
  );
  const planned = items.map(({ article, images }, i) => {
    if (results[i]) return undefined;
    const imageRecords: ImageRecord[] = images.map((image, n) => ({
      key: `${article.id}/${n}`,
      articleId: article.id,
      url: image.url,
      blob: image.blob,
    }));
    const bytes =
      storedHtmlBytes(article.html) +
      new TextEncoder().encode(article.text).byteLength +
      imageRecords.reduce((sum, image) => sum + image.blob.size, 0);
    if (bytes > budgetBytes) {
      results[i] = fail('over-budget', `${bytes} bytes, budget ${budgetBytes}`);
      return undefined;
    }
    return { article, imageRecords, bytes };
  });
  if (planned.every((plan) => plan === undefined)) return results as SaveResult[];

  // As in saveArticle: nothing but IndexedDB requests is awaited until the transaction is done.
  const tx = db.transaction(['articles', 'images', 'libraryMeta'], 'readwrite');
  const articles = tx.objectStore('articles');
  const imageStore = tx.objectStore('images');
  const meta = tx.objectStore('libraryMeta');
  const written: SaveResult[] = [];
  try {
    let used = await usedBytes(tx);
    let lastReport: EvictionReport | undefined;
    let remembered: string[] | undefined;
    for (const [i, plan] of planned.entries()) {
      if (!plan) continue;
      const { article, imageRecords, bytes } = plan;
      // Everything that could refuse this article is read first; it is written only if none does.
      const previous = await articles.get(article.id);
      const sameAddress = await articles.index('byUrl').get(article.canonicalUrl);
      const replacing = sameAddress && sameAddress.id !== article.id ? sameAddress : undefined;
      if (replacing && (isFromPack(article) || !isFromPack(replacing))) {
        results[i] = fail('invalid', `already stored: ${article.canonicalUrl.slice(0, 200)}`);
        continue;
      }
      let after = used + bytes - (previous?.bytes ?? 0) - (replacing?.bytes ?? 0);
      const evict: ArticleRecord[] = [];
      if (after > budgetBytes) {
        let cursor = await articles
          .index('byEviction')
          .openCursor(IDBKeyRange.bound([0, -Infinity], [0, Infinity]));
        while (cursor && after > budgetBytes) {
          const old = cursor.value;
          if (old.id !== article.id && old.id !== replacing?.id) {
            evict.push(old);
            after -= old.bytes;
          }
          cursor = await cursor.continue();
        }
        if (after > budgetBytes) {
          results[i] = fail('over-budget', `pinned articles fill the budget of ${budgetBytes} bytes`);
          continue;
        }
      }
      for (const gone of [previous, replacing, ...evict])
        if (gone)
          for (const key of await imageStore.index('byArticle').getAllKeys(gone.id))
            await imageStore.delete(key);
      if (replacing) await articles.delete(replacing.id);
      for (const old of evict) await articles.delete(old.id);
      const record: ArticleRecord = {
        ...article,
        imageKeys: imageRecords.map((image) => image.key),
        bytes,
        pinned: previous?.pinned === 1 || article.pinned === 1 ? 1 : 0,
        read: previous?.read === 1 || article.read === 1 ? 1 : 0,
      };
      await articles.put(record);
      for (const image of imageRecords) await imageStore.put(image);
      used = after;
      const evicted: EvictedArticle[] = evict.map((old) => ({
        id: old.id,
        title: old.title,
        url: old.url,
        sourceId: old.sourceId,
        bytes: old.bytes,
        fetchedAt: old.fetchedAt,
      }));
      if (evicted.length) {
        lastReport = {
          at: now,
          budgetBytes,
          freedBytes: evicted.reduce((sum, e) => sum + e.bytes, 0),
          savedId: record.id,
          evicted,
        };
        remembered ??= ((await meta.get(EVICTED_URLS_KEY))?.value as string[] | undefined) ?? [];
        remembered = [...remembered, ...evicted.map((e) => e.url)].slice(-MAX_EVICTED_URLS);
      }
      results[i] = {
        ok: true,
        article: record,
        evicted,
        ...(replacing ? { replacedPackCopy: replacing.id } : {}),
      };
      written.push(results[i]);
    }
    // The meta records end as saveArticle one at a time would leave them.
    if (lastReport) await meta.put({ key: LAST_EVICTION_KEY, value: lastReport });
    if (remembered) await meta.put({ key: EVICTED_URLS_KEY, value: remembered });
    if (written.length) await meta.put({ key: USAGE_KEY, value: used });
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
      if (plan) results[i] = await saveArticle(db, plan.article, items[i]!.images, { budgetBytes, now });
    return results as SaveResult[];
  }
}
