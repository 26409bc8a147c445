import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/**
 * Fill the extension's library (IndexedDB, from one of its pages) with `count` articles made of
 * the corpus pages' Readability output, gzipped as the library stores them, one 20 KB PNG each,
 * spread over 40 sources and 40 hosts. Shared by bench/reader.ts and bench/library-pack.ts.
 */
const PAGES = ['bbc-1', 'lemonde-1', 'heise', 'lwn-1', 'wikipedia', 'ars-1', 'la-nacion', 'rtl-1'];
export const corpus = PAGES.map((name) => {
  const html = readFileSync(join('tests/fixtures/pages', name, 'expected.html'), 'utf8');
  const meta = JSON.parse(readFileSync(join('tests/fixtures/pages', name, 'expected-metadata.json'), 'utf8'));
  return { name, html, title: String(meta.title ?? name) };
});

/** tsx names inner functions with esbuild's __name helper, which pages do not have. */
export const NAME_SHIM = 'globalThis.__name = (f) => f';

export async function fillLibrary(page: Page, count: number): Promise<void> {
  await page.evaluate(NAME_SHIM);
  await page.evaluate(
    async ({ corpus, count }) => {
      const gzip = async (text: string) =>
        new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).blob();
      const png = await (
        await fetch(
          'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
        )
      ).blob();
      const image = new Blob([png, new Uint8Array(20 * 1024)], { type: 'image/png' });
      const bodies = await Promise.all(
        corpus.map(async (page) => {
          // One image per article, at the top, pointing at the stored copy's URL.
          const html = `<p><img src="https://img.bench.test/${page.name}.png" alt="photo"></p>${page.html}`;
          const text = page.html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
          return { ...page, gz: await gzip(html), text };
        }),
      );
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('vantage');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const BATCH = 500;
      for (let start = 0; start < count; start += BATCH) {
        const tx = db.transaction(['articles', 'images'], 'readwrite');
        for (let i = start; i < Math.min(count, start + BATCH); i++) {
          const page = bodies[i % bodies.length]!;
          const id = `bench${String(i).padStart(6, '0')}`;
          const url = `https://news${i % 40}.bench.test/${page.name}/${i}`;
          tx.objectStore('images').put({
            key: `${id}/0`,
            articleId: id,
            url: `https://img.bench.test/${page.name}.png`,
            blob: image,
          });
          tx.objectStore('articles').put({
            id,
            url,
            canonicalUrl: url,
            sourceId: `source${i % 40}`,
            title: `${page.title} (${i})`,
            fetchedAt: 1_700_000_000_000 + i * 60_000,
            html: { gzip: page.gz },
            text: page.text,
            excerpt: page.text.slice(0, 200),
            imageKeys: [`${id}/0`],
            bytes: page.gz.size + page.text.length + image.size,
            pinned: 0,
            read: 0,
          });
        }
        await new Promise((resolve, reject) => {
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        });
      }
      db.close();
    },
    { corpus, count },
  );
}
