import { describe, expect, it } from 'vitest';
import { openDatabase, type ArticleRecord, type Database } from '../../../lib/db';
import { readArticleHtml } from '../../../lib/library/compress';
import { packHtml } from '../../../lib/library/pack-html';
import {
  articleIdFor,
  lastEviction,
  saveArticle,
  setPinned,
  type NewImage,
} from '../../../lib/library/store';
import { USAGE_KEY } from '../../../lib/library/usage';
import { deleteArticle } from '../../../lib/library/delete-article';

const KB = 1024;
const fresh = () => openDatabase(`library-${Math.random()}`);

function article(n: number, over: Partial<ArticleRecord> = {}): ArticleRecord {
  return {
    id: `a${n}`,
    url: `https://news.example/${n}`,
    canonicalUrl: `https://news.example/${n}`,
    sourceId: 'feed-1',
    title: `Article ${n}`,
    fetchedAt: 1_000 + n,
    html: `<p>${'x'.repeat(10 * KB)}</p>`,
    text: '',
    excerpt: '',
    imageKeys: [],
    bytes: 0,
    pinned: 0,
    read: 0,
    ...over,
  };
}
const image = (n: number, size = KB): NewImage => ({
  url: `https://img.example/${n}.jpg`,
  blob: new Blob([new Uint8Array(size)]),
});

async function ids(db: Database) {
  return (await db.getAllKeys('articles')).sort();
}

describe('saveArticle', () => {
  it('writes the article and its images together, keyed articleId/n, counting stored bytes', async () => {
    const db = await fresh();
    const saved = await saveArticle(db, article(1, { text: 'hello' }), [image(1, 3 * KB), image(2, 2 * KB)], {
      budgetBytes: 1e9,
    });
    if (!saved.ok) throw new Error(saved.reason);
    expect(saved.article.imageKeys).toEqual(['a1/0', 'a1/1']);
    expect(saved.article.bytes).toBe(10 * KB + 7 + 5 + 5 * KB);
    expect((await db.getAllFromIndex('images', 'byArticle', 'a1')).map((i) => i.url)).toEqual([
      'https://img.example/1.jpg',
      'https://img.example/2.jpg',
    ]);
    expect((await db.get('libraryMeta', USAGE_KEY))?.value).toBe(saved.article.bytes);
  });

  it('replaces an article saved again (same id): old images gone, pin and read marks kept', async () => {
    const db = await fresh();
    await saveArticle(db, article(1, { pinned: 1 }), [image(1), image(2), image(3)], { budgetBytes: 1e9 });
    await db.put('articles', { ...(await db.get('articles', 'a1'))!, read: 1 });
    const again = await saveArticle(db, article(1, { title: 'Updated' }), [image(9)], { budgetBytes: 1e9 });
    if (!again.ok) throw new Error(again.reason);
    expect(again.article).toMatchObject({ title: 'Updated', pinned: 1, read: 1, imageKeys: ['a1/0'] });
    expect(await db.getAllKeys('images')).toEqual(['a1/0']);
    expect((await db.get('libraryMeta', USAGE_KEY))?.value).toBe(again.article.bytes);
  });

  it('evicts the oldest unpinned articles first, never a pinned one, and records what went', async () => {
    const db = await fresh();
    const budget = 45 * KB; // room for four ~10 KB articles
    await saveArticle(db, article(1, { pinned: 1 }), [], { budgetBytes: budget }); // oldest, pinned
    for (const n of [2, 3, 4]) await saveArticle(db, article(n), [], { budgetBytes: budget });
    const result = await saveArticle(db, article(5), [], { budgetBytes: budget, now: 42 });
    if (!result.ok) throw new Error(result.reason);
    expect(result.evicted.map((e) => e.id)).toEqual(['a2']);
    expect(await ids(db)).toEqual(['a1', 'a3', 'a4', 'a5']);
    const report = await lastEviction(db);
    expect(report).toMatchObject({
      at: 42,
      budgetBytes: budget,
      savedId: 'a5',
      evicted: [{ id: 'a2', title: 'Article 2' }],
    });
    expect(report!.freedBytes).toBe(result.evicted[0]!.bytes);
  });

  it('evicts the images of an evicted article with it', async () => {
    const db = await fresh();
    await saveArticle(db, article(1), [image(1, 20 * KB)], { budgetBytes: 40 * KB });
    await saveArticle(db, article(2), [image(2, 20 * KB)], { budgetBytes: 40 * KB });
    expect(await ids(db)).toEqual(['a2']);
    expect(await db.getAllKeys('images')).toEqual(['a2/0']);
  });

  it('refuses a save that only pinned articles stand in the way of, and changes nothing', async () => {
    const db = await fresh();
    const budget = 25 * KB;
    await saveArticle(db, article(1, { pinned: 1 }), [], { budgetBytes: budget });
    await saveArticle(db, article(2), [], { budgetBytes: budget });
    await setPinned(db, 'a2', true);
    const before = await db.get('libraryMeta', USAGE_KEY);
    const refused = await saveArticle(db, article(3), [], { budgetBytes: budget });
    expect(refused).toMatchObject({ ok: false, reason: 'over-budget' });
    expect(await ids(db)).toEqual(['a1', 'a2']);
    expect(await db.get('libraryMeta', USAGE_KEY)).toEqual(before);
    expect(await lastEviction(db)).toBeUndefined();
  });

  it('refuses one article bigger than the whole budget without touching the library', async () => {
    const db = await fresh();
    await saveArticle(db, article(1), [], { budgetBytes: 100 * KB });
    expect(await saveArticle(db, article(2), [image(1, 200 * KB)], { budgetBytes: 100 * KB })).toMatchObject({
      ok: false,
      reason: 'over-budget',
    });
    expect(await ids(db)).toEqual(['a1']);
  });

  it('leaves nothing half-written when a write fails mid-transaction', async () => {
    const db = await fresh();
    const first = await saveArticle(db, article(1), [image(1), image(2)], { budgetBytes: 1e9 });
    // Saved again, the old images are deleted first; then the article itself cannot be stored
    // (a function does not clone). Everything done before the failure must be rolled back.
    const unstorable = { ...article(1), title: 'new', extra: () => 1 } as unknown as ArticleRecord;
    const result = await saveArticle(db, unstorable, [image(3)], { budgetBytes: 1e9 });
    expect(result).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await db.get('articles', 'a1')).toMatchObject({ title: 'Article 1' });
    expect((await db.getAllKeys('images')).sort()).toEqual(['a1/0', 'a1/1']);
    expect((await db.get('libraryMeta', USAGE_KEY))?.value).toBe(first.ok && first.article.bytes);
  });

  it('rejects records without the shape of an article before writing anything', async () => {
    const db = await fresh();
    const bad = { ...article(1), url: 'javascript:alert(1)', html: 42 } as unknown as ArticleRecord;
    expect(await saveArticle(db, bad, [], { budgetBytes: 1e9 })).toMatchObject({
      ok: false,
      reason: 'invalid',
      detail: 'url, html',
    });
    expect(
      await saveArticle(db, article(2), [{ url: 'file:///x', blob: new Blob() }], { budgetBytes: 1e9 }),
    ).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
    expect(await ids(db)).toEqual([]);
  });

  // How each browser says the device has no room (the Chrome ones seen in e2e library-quota.test.ts
  // on a really full disk: with unlimitedStorage, Chrome never says QuotaExceededError there).
  it.each([
    ['an enforced quota', new DOMException('The quota has been exceeded.', 'QuotaExceededError')],
    ['Chrome, images that do not fit', new DOMException('Failed to write blobs (IOError)', 'DataError')],
    [
      'Chrome, a database log that cannot grow',
      new DOMException(
        'Connection is closing because of: IO error: .../000003.log: FILE_ERROR_NO_SPACE (ChromeMethodBFE: 3::WritableFileAppend::8)',
        'UnknownError',
      ),
    ],
    ['Firefox’s code for a full disk', new DOMException('NS_ERROR_FILE_NO_DEVICE_SPACE', 'UnknownError')],
  ])('reports a full disk as a quota failure and writes nothing: %s', async (_, error) => {
    const db = await fresh();
    const first = await saveArticle(db, article(1), [image(1)], { budgetBytes: 1e9 });
    const full = new Proxy(db, {
      get(target, prop) {
        if (prop !== 'transaction') return Reflect.get(target, prop);
        return (...args: Parameters<Database['transaction']>) => {
          const tx = target.transaction(...args);
          // The disk refuses the article's write: the whole transaction must roll back.
          const store = tx.objectStore('articles');
          (store as { put: unknown }).put = () => Promise.reject(error);
          return tx;
        };
      },
    });
    expect(await saveArticle(full, article(2), [image(2)], { budgetBytes: 1e9 })).toMatchObject({
      ok: false,
      reason: 'quota',
    });
    expect(await ids(db)).toEqual(['a1']);
    expect(await db.getAllKeys('images')).toEqual(['a1/0']);
    expect((await db.get('libraryMeta', USAGE_KEY))?.value).toBe(first.ok && first.article.bytes);
  });
});

describe('saveArticle when the browser aborts the transaction', () => {
  it('reports the transaction’s own error, not the AbortError of the request it cut short', async () => {
    const db = await fresh();
    // Chrome on a completely full disk (e2e library-quota.test.ts): the pending request fails with
    // AbortError; why is in the transaction's error.
    const cause = new DOMException(
      'Connection is closing because of: IO error: .../000003.log: FILE_ERROR_NO_SPACE',
      'UnknownError',
    );
    let aborted = false;
    const full = new Proxy(db, {
      get(target, prop) {
        if (prop !== 'transaction') return Reflect.get(target, prop);
        return (...args: Parameters<Database['transaction']>) => {
          const tx = target.transaction(...args);
          (tx.objectStore('articles') as { put: unknown }).put = () => {
            aborted = true;
            return Promise.reject(
              new DOMException(
                'The transaction was aborted, so the request cannot be fulfilled.',
                'AbortError',
              ),
            );
          };
          return new Proxy(tx, {
            get(t, key) {
              if (key === 'error') return aborted ? cause : null;
              const value: unknown = Reflect.get(t, key);
              return typeof value === 'function' ? value.bind(t) : value;
            },
          });
        };
      },
    });
    expect(await saveArticle(full, article(1), [image(1)], { budgetBytes: 1e9 })).toEqual({
      ok: false,
      reason: 'quota',
      detail: cause.message,
    });
    expect(await ids(db)).toEqual([]);
  });
});

describe('deleteArticle and setPinned', () => {
  it('delete removes the article, its images and its bytes from the count', async () => {
    const db = await fresh();
    await saveArticle(db, article(1), [image(1)], { budgetBytes: 1e9 });
    const two = await saveArticle(db, article(2), [image(2)], { budgetBytes: 1e9 });
    expect(await deleteArticle(db, 'a1')).toBe(true);
    expect(await deleteArticle(db, 'a1')).toBe(false);
    expect(await ids(db)).toEqual(['a2']);
    expect(await db.getAllKeys('images')).toEqual(['a2/0']);
    expect((await db.get('libraryMeta', USAGE_KEY))?.value).toBe(two.ok && two.article.bytes);
  });

  it('a pinned article survives eviction; unpinned, it is the next to go', async () => {
    const db = await fresh();
    const budget = 25 * KB;
    await saveArticle(db, article(1), [], { budgetBytes: budget });
    expect(await setPinned(db, 'a1', true)).toBe(true);
    await saveArticle(db, article(2), [], { budgetBytes: budget });
    await saveArticle(db, article(3), [], { budgetBytes: budget });
    expect(await ids(db)).toEqual(['a1', 'a3']);
    await setPinned(db, 'a1', false);
    await saveArticle(db, article(4), [], { budgetBytes: budget });
    expect(await ids(db)).toEqual(['a3', 'a4']);
    expect(await setPinned(db, 'nope', true)).toBe(false);
  });
});

describe('compression', () => {
  it('gzips long HTML when it pays and reads it back unchanged', async () => {
    const html = `<p>${'Свободная пресса — это воздух. '.repeat(400)}</p>`;
    const packed = await packHtml(html);
    expect(typeof packed).toBe('object');
    expect((packed as { gzip: ArrayBuffer }).gzip.byteLength).toBeLessThan(
      new TextEncoder().encode(html).length / 5,
    );
    expect(await readArticleHtml({ html: packed })).toBe(html);
  });

  it('keeps short or incompressible HTML as a string', async () => {
    expect(await packHtml('<p>short</p>')).toBe('<p>short</p>');
    // Random printable ASCII: ~6.6 bits of information per byte, so gzip saves too little.
    const random = Array.from(crypto.getRandomValues(new Uint8Array(6000)), (b) =>
      String.fromCharCode(0x20 + (b % 95)),
    ).join('');
    expect(typeof (await packHtml(random))).toBe('string');
  });

  it('stores and reopens a gzipped article through IndexedDB', async () => {
    const db = await fresh();
    const html = `<p>${'kept offline '.repeat(1000)}</p>`;
    await saveArticle(db, article(1, { html: await packHtml(html) }), [], { budgetBytes: 1e9 });
    expect(await readArticleHtml((await db.get('articles', 'a1'))!)).toBe(html);
  });
});

it('articleIdFor is stable per canonical URL and differs between URLs', async () => {
  expect(await articleIdFor('https://n.example/a')).toBe(await articleIdFor('https://n.example/a'));
  expect(await articleIdFor('https://n.example/a')).not.toBe(await articleIdFor('https://n.example/b'));
  expect(await articleIdFor('https://n.example/a')).toMatch(/^[0-9a-f]{24}$/);
});
