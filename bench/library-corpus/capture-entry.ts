// Bundled by bench/library-corpus/capture.ts from each build's own source tree (this checkout, or
// the baseline's git worktree, where it is copied to the same path) and run in that build's
// extension page: the library filled through the capture's own save path — `saveProcessed`
// (lib/library/refresh.ts): the pictures "fetched" (from the benchmark pool, in memory, through
// the same capped fetchBody and host check), fitted where the build fits them, the body
// compressed, and `saveArticle`'s one transaction with its budget and usage counter. Only
// `saveProcessed` and `openDatabase` are used, whose signatures are the same at d91f3a6 and now.
import { openDatabase } from '../../lib/db';
// The capture's own function, which lib/library/index.ts does not export (here or at d91f3a6,
// whose tree this file is also bundled in): reached directly on purpose.
// eslint-disable-next-line no-restricted-imports
import type { ProcessedPage } from '../../lib/library/process-page';
// eslint-disable-next-line no-restricted-imports
import { saveProcessed, type CaptureDeps } from '../../lib/library/refresh';

export interface CaptureRow {
  url: string;
  sourceId: string;
  title: string;
  language: string;
  siteName: string;
  publishedAt: number;
  fetchedAt: number;
  html: string;
  text: string;
  /** The pictures' addresses in the body, in document order, and the pool picture each serves. */
  images: { url: string; pool: number }[];
}

export interface CaptureOutcome {
  saved: number;
  refused: string[];
  /** Pictures the saves asked for, and how many came back from the pool. */
  asked: number;
}

declare global {
  var benchCapture: {
    setPool(pictures: string[]): void;
    save(rows: CaptureRow[], budgetBytes: number, parallel: number): Promise<CaptureOutcome>;
  };
}

let pool: Blob[] = [];
let db: Awaited<ReturnType<typeof openDatabase>> | undefined;

globalThis.benchCapture = {
  setPool(pictures) {
    pool = pictures.map(
      (b64) => new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/png' }),
    );
  },
  async save(rows, budgetBytes, parallel) {
    db ??= await openDatabase();
    const outcome: CaptureOutcome = { saved: 0, refused: [], asked: 0 };
    const served = new Map(rows.flatMap((row) => row.images.map((image) => [image.url, image.pool])));
    // As an image server answers (200, its type and length); an address it does not have is a
    // failed fetch, which the capture skips — counted, so a fill that lost pictures is seen.
    const fetch = (async (input: RequestInfo | URL) => {
      outcome.asked++;
      const picture = pool[served.get(String(input)) ?? -1];
      if (!picture) throw new TypeError('Failed to fetch');
      return new Response(picture, {
        headers: { 'content-type': 'image/png', 'content-length': String(picture.size) },
      });
    }) as typeof globalThis.fetch;
    let next = 0;
    const worker = async () => {
      while (next < rows.length) {
        const row = rows[next++]!;
        const page: ProcessedPage = {
          ok: true,
          url: row.url,
          canonicalUrl: row.url,
          title: row.title,
          excerpt: row.text.slice(0, 200),
          text: row.text,
          html: row.html,
          imageUrls: row.images.map((image) => image.url),
          language: row.language,
          siteName: row.siteName,
          publishedAt: row.publishedAt,
          loginSigns: [],
        };
        const deps: CaptureDeps = {
          db: db!,
          fetch,
          process: () => Promise.reject(new Error('not used: the page is already extracted')),
          budgetBytes,
          now: () => row.fetchedAt,
        };
        const result = await saveProcessed(page, row.sourceId, deps, { pinned: false });
        if (result.ok) outcome.saved++;
        else outcome.refused.push(`${row.url}: ${result.reason} ${result.detail ?? ''}`);
      }
    };
    // A few saves in flight, as a refresh has: fitting one article's pictures overlaps another's
    // write (IndexedDB runs the readwrite transactions one after another, so the budget holds).
    await Promise.all(Array.from({ length: parallel }, worker));
    return outcome;
  },
};
