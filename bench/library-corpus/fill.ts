import type { Page } from 'playwright-core';
import type { ArticleRecord, ImageRecord } from '../../lib/db';
import { generateArticles, type BenchArticle, type Corpus } from './generate';

/**
 * Write the generated library into the extension's own IndexedDB from one of its pages, in the
 * records the library keeps (lib/db/library-schema.ts: gzipped HTML as CompressionStream makes it,
 * plain text, each image its own blob), in transactions of a few hundred — the state a library
 * reaches after months of saving, without months of saving. No source records: a feed source
 * would be refreshed (and fail) in the background while the reader is being measured. Typed against the schema so a change
 * to the records fails `tsc` here rather than measuring a library the extension cannot read.
 * Pictures are stored as the pool has them, not fitted: bench/library.ts fills its measured
 * library through each build's own capture save path instead (capture.ts); this direct fill is
 * left for the export/import phase's own small library.
 */
export async function fillBenchLibrary(
  page: Page,
  corpus: Corpus,
  options: { seed: number; count: number; images: Buffer[] },
): Promise<void> {
  await page.evaluate('globalThis.__name = (f) => f');
  await page.evaluate(
    (pool) => {
      const bytes = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      (globalThis as { benchImages?: Blob[] }).benchImages = pool.map(
        (b64) => new Blob([bytes(b64)], { type: 'image/png' }),
      );
    },
    options.images.map((b) => b.toString('base64')),
  );

  let batch: BenchArticle[] = [];
  const flush = async () => {
    const rows = batch.map((a) => {
      const record: Omit<ArticleRecord, 'html' | 'bytes'> = {
        id: a.id,
        url: a.url,
        canonicalUrl: a.url,
        sourceId: a.sourceId,
        title: a.title,
        language: a.language,
        siteName: a.siteName,
        publishedAt: a.publishedAt,
        fetchedAt: a.fetchedAt,
        text: a.text,
        excerpt: a.text.slice(0, 200),
        imageKeys: a.images.map((_, n) => `${a.id}/${n}`),
        pinned: 0,
        read: 0,
      };
      const images: Omit<ImageRecord, 'blob'>[] = a.images.map((_, n) => ({
        key: `${a.id}/${n}`,
        articleId: a.id,
        url: a.html.match(new RegExp(`https://[^"]+/${a.id}/${n}\\.png`))![0],
      }));
      return { record, html: a.html, images, pool: a.images };
    });
    batch = [];
    await page.evaluate(async (rows) => {
      const pool = (globalThis as unknown as { benchImages: Blob[] }).benchImages;
      const gzip = (text: string) =>
        new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).blob();
      const bodies = await Promise.all(rows.map((row) => gzip(row.html)));
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('vantage');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const tx = db.transaction(['articles', 'images'], 'readwrite');
      rows.forEach((row, i) => {
        let bytes = bodies[i]!.size + row.record.text.length;
        row.images.forEach((image, n) => {
          const blob = pool[row.pool[n]!]!;
          bytes += blob.size;
          tx.objectStore('images').put({ ...image, blob });
        });
        tx.objectStore('articles').put({ ...row.record, html: { gzip: bodies[i] }, bytes });
      });
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    }, rows);
  };
  for (const article of generateArticles(corpus, {
    seed: options.seed,
    count: options.count,
    imagePool: options.images.length,
  })) {
    batch.push(article);
    if (batch.length === 250) await flush();
  }
  if (batch.length) await flush();
}
