import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import type { Page } from 'playwright-core';
import type { CaptureOutcome, CaptureRow } from './capture-entry';
import { generateArticles, type Corpus } from './generate';

/**
 * Fill a build's library the way users fill it: every generated article saved through that
 * build's own capture code (capture-entry.ts, bundled from the build's source tree), pictures
 * fitted where the build fits them (lib/library/fit-image.ts since the second round of #17) and
 * stored as fetched where it does not (d91f3a6). The same articles and the same pool pictures
 * for every build, so the difference in stored bytes is what each build's save path makes of them.
 */
const ENTRY = 'bench/library-corpus/capture-entry.ts';

/** The capture code of the build whose sources are in `tree` (this checkout when '.'), as one script. */
export function captureBundle(tree: string): string {
  const entry = join(tree, ENTRY);
  // The baseline's tree predates this file: copied in, its imports resolve to that tree's lib.
  if (resolve(tree) !== resolve('.')) {
    mkdirSync(dirname(entry), { recursive: true });
    copyFileSync(ENTRY, entry);
  }
  return buildSync({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    absWorkingDir: resolve(tree),
    logLevel: 'error',
  }).outputFiles[0]!.text;
}

/** The whole library's budget in the fill: the settings' largest (10,000 MB), so nothing is evicted. */
const FILL_BUDGET_BYTES = 10_000 * 1024 * 1024;

export async function fillThroughCapture(
  page: Page,
  corpus: Corpus,
  options: { seed: number; count: number; images: Buffer[]; bundle: string; parallel?: number },
): Promise<{ pictures: number }> {
  await page.evaluate('globalThis.__name = (f) => f');
  // A string evaluated through the debugger protocol: the extension page's CSP forbids inline scripts.
  await page.evaluate(options.bundle);
  await page.evaluate(
    (pool) => globalThis.benchCapture.setPool(pool),
    options.images.map((b) => b.toString('base64')),
  );
  let pictures = 0;
  let batch: CaptureRow[] = [];
  const flush = async () => {
    const rows = batch;
    batch = [];
    const outcome: CaptureOutcome = await page.evaluate(
      ({ rows, budget, parallel }) => globalThis.benchCapture.save(rows, budget, parallel),
      { rows, budget: FILL_BUDGET_BYTES, parallel: options.parallel ?? 4 },
    );
    const wanted = rows.reduce((sum, row) => sum + row.images.length, 0);
    // A figure for a library that lost articles or pictures would be a figure for another library.
    if (outcome.saved !== rows.length || outcome.asked !== wanted)
      throw new Error(
        `capture saved ${outcome.saved} of ${rows.length} articles, fetched ${outcome.asked} of ${wanted} pictures: ${outcome.refused.slice(0, 3).join('; ')}`,
      );
  };
  for (const a of generateArticles(corpus, {
    seed: options.seed,
    count: options.count,
    imagePool: options.images.length,
  })) {
    const images = a.images.map((pool, n) => ({
      url: a.html.match(new RegExp(`https://[^"]+/${a.id}/${n}\\.png`))![0],
      pool,
    }));
    pictures += images.length;
    batch.push({
      url: a.url,
      sourceId: a.sourceId,
      title: a.title,
      language: a.language,
      siteName: a.siteName,
      publishedAt: a.publishedAt,
      fetchedAt: a.fetchedAt,
      html: a.html,
      text: a.text,
      images,
    });
    if (batch.length === 250) await flush();
  }
  if (batch.length) await flush();
  return { pictures };
}

interface StoredBytes {
  articles: number;
  /** The bodies as stored (gzip when that paid) plus their plain text (UTF-8), as saveArticle counts them. */
  bodyBytes: number;
  pictureBytes: number;
  pictures: number;
  /** Pictures stored by type ("image/webp": 812, …). */
  types: Record<string, number>;
  /** What the library's budget counts: the usage counter (libraryMeta 'usage'), and the articles' own `bytes`. */
  usageCounter: number | null;
  articleBytes: number;
}

/** What the library holds, read from IndexedDB in an extension page: the split behind storage per article. */
export function storedBytes(page: Page): Promise<StoredBytes> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('vantage');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const all = <T>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as T[]);
        request.onerror = () => reject(request.error);
      });
    const out = {
      articles: 0,
      bodyBytes: 0,
      pictureBytes: 0,
      pictures: 0,
      types: {} as Record<string, number>,
      usageCounter: null as number | null,
      articleBytes: 0,
    };
    const encoder = new TextEncoder();
    // Bytes (since #17's fifth round) or a Blob (before it, and capture's pictures).
    const size = (data: ArrayBuffer | Blob) => (data instanceof Blob ? data.size : data.byteLength);
    for (const a of await all<{ html: string | { gzip: ArrayBuffer | Blob }; text: string; bytes: number }>(
      'articles',
    )) {
      out.articles++;
      out.bodyBytes +=
        (typeof a.html === 'string' ? encoder.encode(a.html).byteLength : size(a.html.gzip)) +
        encoder.encode(a.text).byteLength;
      out.articleBytes += a.bytes ?? 0;
    }
    for (const image of await all<{ blob: Blob } | { bytes: ArrayBuffer; type: string }>('images')) {
      const type = 'blob' in image ? image.blob.type : image.type;
      out.pictures++;
      out.pictureBytes += 'blob' in image ? image.blob.size : image.bytes.byteLength;
      out.types[type] = (out.types[type] ?? 0) + 1;
    }
    const usage = await new Promise<unknown>((resolve) => {
      const request = db.transaction('libraryMeta').objectStore('libraryMeta').get('usage');
      request.onsuccess = () => resolve((request.result as { value?: unknown } | undefined)?.value);
      request.onerror = () => resolve(undefined);
    });
    out.usageCounter = typeof usage === 'number' ? usage : null;
    db.close();
    return out;
  });
}
