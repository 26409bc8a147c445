import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../../../lib/db';
import { storedHtmlBytes } from '../../../lib/library/compress';
import type { ProcessedPage } from '../../../lib/library/process-page';
import { saveProcessed, type CaptureDeps } from '../../../lib/library/refresh';
import { lastEviction } from '../../../lib/library/store';
import { USAGE_KEY } from '../../../lib/library/usage';

/**
 * Issue #17, goal 5: "the budget honoured" for pictures fitted at capture. The library's budget
 * (settings.library.budgetMb; docs/library.md#storage) must count what is stored — the picture
 * as fitted (fit-image.ts), not as fetched — and evict or refuse as documented by those bytes.
 * Node has no image decoder or canvas encoder, so this file gives it the two browser APIs
 * fitImage uses, answering as Chromium's do (a decoded size; `convertToBlob` returning a WebP of
 * the encoder's size); the real encoders are exercised by the wide-photo e2e tests
 * (library-capture.test.ts, library-firefox.test.ts).
 */
const KB = 1024;
const FETCHED = 100 * KB; // a 2,000-px photo as the site serves it
const FITTED = 8 * KB; // the same at the reader's 1,344 px, as WebP

beforeEach(() => {
  vi.stubGlobal('createImageBitmap', async (blob: Blob) => {
    if (blob.size !== FETCHED)
      throw new DOMException('The source image could not be decoded.', 'InvalidStateError');
    return { width: 2000, height: 1500, close() {} };
  });
  vi.stubGlobal(
    'OffscreenCanvas',
    class {
      constructor(
        readonly width: number,
        readonly height: number,
      ) {}
      getContext() {
        return { imageSmoothingQuality: 'low', drawImage() {} };
      }
      async convertToBlob({ type }: { type: string }) {
        return new Blob([new Uint8Array(FITTED)], { type });
      }
    },
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** One article page of `paragraphs` paragraphs, with one photo on its own site. */
function page(n: number, paragraphs = 2): ProcessedPage {
  const text = Array.from({ length: paragraphs }, (_, p) => `Paragraph ${p} of article ${n}.`).join('\n\n');
  return {
    ok: true,
    url: `https://news.example/a${n}`,
    canonicalUrl: `https://news.example/a${n}`,
    title: `Article ${n}`,
    excerpt: text.slice(0, 100),
    text,
    html: `<figure><img src="https://news.example/p${n}.png" alt=""></figure><p>${text}</p>`,
    imageUrls: [`https://news.example/p${n}.png`],
    loginSigns: [],
  };
}

async function setup(budgetBytes: number) {
  const db = await openDatabase(`budget-pictures-${Math.random()}`);
  let clock = 1_700_000_000_000;
  const fetched: string[] = [];
  const deps: CaptureDeps = {
    db,
    // A photo server: every picture 100 KB of PNG, with its type and length.
    fetch: (async (input: RequestInfo | URL) => {
      fetched.push(String(input));
      return new Response(new Uint8Array(FETCHED), {
        headers: { 'content-type': 'image/png', 'content-length': String(FETCHED) },
      });
    }) as typeof fetch,
    process: () => Promise.reject(new Error('not used')),
    budgetBytes,
    now: () => (clock += 60_000),
  };
  return { db, deps, fetched };
}

const body = (p: ProcessedPage) =>
  new TextEncoder().encode(p.html).byteLength + new TextEncoder().encode(p.text).byteLength;
const usage = async (db: Database) => (await db.get('libraryMeta', USAGE_KEY))?.value as number;

describe('the library budget counts pictures as stored (fitted), not as fetched', () => {
  it('a photo fetched at 100 KB is stored and counted at its fitted 8 KB: it fits a 40 KB budget', async () => {
    const { db, deps, fetched } = await setup(40 * KB);
    const saved = await saveProcessed(page(1), 'src', deps, { pinned: false });
    expect(fetched).toEqual(['https://news.example/p1.png']);
    expect(saved).toMatchObject({ ok: true, evicted: [] });
    if (!saved.ok) return;
    // Counted: the body as stored (small bodies stay uncompressed) + text + the picture as kept.
    expect(storedHtmlBytes(saved.article.html)).toBe(new TextEncoder().encode(page(1).html).byteLength);
    expect(saved.article.bytes).toBe(body(page(1)) + FITTED);
    const image = await db.get('images', saved.article.imageKeys[0]!);
    // Capture stores the fitted picture as the Blob the encoder gave.
    expect(image && 'blob' in image && [image.blob.size, image.blob.type]).toEqual([FITTED, 'image/webp']);
    expect(await usage(db)).toBe(saved.article.bytes);
  });

  it('over budget by fitted bytes, the oldest article and its picture are evicted, and the counter stays exact', async () => {
    const one = body(page(1)) + FITTED;
    // Room for three fitted articles, not four (as fetched, not even one would fit).
    const { db, deps } = await setup(3 * one + one / 2);
    for (const n of [1, 2, 3])
      expect(await saveProcessed(page(n), 'src', deps, { pinned: false })).toMatchObject({
        ok: true,
        evicted: [],
      });
    expect(await usage(db)).toBe(3 * one);

    const fourth = await saveProcessed(page(4), 'src', deps, { pinned: false });
    expect(fourth.ok && fourth.evicted.map((e) => e.title)).toEqual(['Article 1']);
    expect(fourth.ok && fourth.evicted[0]!.bytes).toBe(one);
    expect(await db.count('images')).toBe(3);
    expect((await db.getAll('images')).every((image) => 'blob' in image && image.blob.size === FITTED)).toBe(
      true,
    );
    expect(await usage(db)).toBe(3 * one);
    expect(await lastEviction(db)).toMatchObject({ freedBytes: one, evicted: [{ title: 'Article 1' }] });
  });

  it('an article whose fitted picture alone is over the budget is refused, and nothing changes', async () => {
    const { db, deps } = await setup(body(page(1)) + FITTED - 1);
    const refused = await saveProcessed(page(1), 'src', deps, { pinned: false });
    expect(refused).toMatchObject({ ok: false, reason: 'over-budget' });
    expect(await db.count('articles')).toBe(0);
    expect(await db.count('images')).toBe(0);
    expect(await usage(db)).toBeUndefined();
  });

  it('a picture the encoder cannot shrink is stored and counted as fetched (nothing lost, the budget still exact)', async () => {
    vi.stubGlobal('createImageBitmap', async () => {
      throw new DOMException('The source image could not be decoded.', 'InvalidStateError');
    });
    const { db, deps } = await setup(1024 * KB);
    const saved = await saveProcessed(page(1), 'src', deps, { pinned: false });
    expect(saved.ok && saved.article.bytes).toBe(body(page(1)) + FETCHED);
    expect(await usage(db)).toBe(body(page(1)) + FETCHED);
  });
});
