import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../../lib/db';
import { articleId } from '../../lib/library/article-id';
import { compressHtml, readArticleHtml } from '../../lib/library/compress';
import {
  deleteArticle,
  lastEviction,
  libraryUsage,
  markRead,
  saveArticle,
  setPinned,
  type NewArticle,
} from '../../lib/library/store';

let db: Database;
let n = 0;

beforeEach(async () => {
  db = await openDatabase(`library-store-test-${++n}`);
});

afterEach(() => {
  vi.restoreAllMocks();
  db.close();
});

/** An article whose stored size is exactly `text.length` bytes plus `html` (short, so never gzipped). */
function article(slug: string, fetchedAt: number, extra: Partial<NewArticle> = {}): NewArticle {
  return {
    url: `https://news.example/${slug}?utm=x`,
    canonicalUrl: `https://news.example/${slug}`,
    sourceId: 'saved',
    title: `Title ${slug}`,
    fetchedAt,
    html: '<p>x</p>',
    text: 'x'.repeat(92),
    excerpt: 'x',
    ...extra,
  };
}
const ARTICLE_BYTES = 100; // '<p>x</p>' (8) + 92 text bytes

function image(size: number, url = 'https://news.example/a.jpg') {
  return { url, blob: new Blob([new Uint8Array(size)], { type: 'image/jpeg' }) };
}

const BIG = { budgetBytes: 1_000_000 };

async function ids(): Promise<string[]> {
  return (await db.getAllKeys('articles')).sort();
}

describe('saveArticle', () => {
  it('computes a stable id from the canonical URL and the stored bytes', async () => {
    const result = await saveArticle(db, article('a', 1), [image(50)], BIG);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.article.id).toBe(await articleId('https://news.example/a'));
    expect(result.article.id).toMatch(/^[0-9a-f]{32}$/);
    expect(result.article.bytes).toBe(ARTICLE_BYTES + 50);
    expect(result.article.imageKeys).toEqual([`${result.article.id}/0`]);
    expect(await libraryUsage(db)).toEqual({ count: 1, bytes: ARTICLE_BYTES + 50, pinned: 0 });
  });

  it('replaces an article with the same canonical URL, deletes its old images and keeps its pin', async () => {
    const first = await saveArticle(db, article('a', 1), [image(10), image(10), image(10)], BIG);
    if (!first.ok) throw new Error('first save failed');
    await setPinned(db, first.article.id, true);
    await markRead(db, first.article.id);

    const second = await saveArticle(
      db,
      article('a', 2, { url: 'https://m.news.example/a', title: 'New' }),
      [image(20)],
      BIG,
    );
    expect(second.ok).toBe(true);
    expect(await db.count('articles')).toBe(1);
    const stored = await db.get('articles', first.article.id);
    expect(stored).toMatchObject({ title: 'New', pinned: 1, read: 1, fetchedAt: 2 });
    expect(await db.getAllKeys('images')).toEqual([`${first.article.id}/0`]);
    expect((await db.get('images', `${first.article.id}/0`))?.blob.size).toBe(20);
    expect(await libraryUsage(db)).toEqual({ count: 1, bytes: ARTICLE_BYTES + 20, pinned: 1 });
  });

  it('evicts the oldest unpinned articles first and reports what it evicted', async () => {
    const budget = { budgetBytes: 3 * ARTICLE_BYTES, now: 1234 };
    await saveArticle(db, article('old', 10), [], budget);
    await saveArticle(db, article('older', 5), [], budget);
    await saveArticle(db, article('new', 20), [], budget);

    const result = await saveArticle(db, article('newest', 30), [image(ARTICLE_BYTES)], budget);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // Needs 200 bytes in a 300-byte budget holding 300: the two oldest go, by fetchedAt.
    expect(result.evicted.map((e) => e.title)).toEqual(['Title older', 'Title old']);
    expect(await ids()).toEqual(
      [await articleId('https://news.example/new'), await articleId('https://news.example/newest')].sort(),
    );
    expect(await lastEviction(db)).toEqual({
      at: 1234,
      evicted: [
        {
          id: await articleId('https://news.example/older'),
          title: 'Title older',
          url: 'https://news.example/older?utm=x',
          bytes: ARTICLE_BYTES,
        },
        {
          id: await articleId('https://news.example/old'),
          title: 'Title old',
          url: 'https://news.example/old?utm=x',
          bytes: ARTICLE_BYTES,
        },
      ],
      freedBytes: 2 * ARTICLE_BYTES,
    });
    expect((await libraryUsage(db)).bytes).toBe(3 * ARTICLE_BYTES);
  });

  it('never evicts a pinned article, however old', async () => {
    const budget = { budgetBytes: 2 * ARTICLE_BYTES };
    const pinned = await saveArticle(db, article('ancient', 1, { pinned: 1 }), [], budget);
    await saveArticle(db, article('recent', 50), [], budget);
    const result = await saveArticle(db, article('latest', 60), [], budget);
    expect(result.ok && result.evicted.map((e) => e.title)).toEqual(['Title recent']);
    expect(await ids()).toContain(pinned.ok && pinned.article.id);
    expect(await libraryUsage(db)).toEqual({ count: 2, bytes: 2 * ARTICLE_BYTES, pinned: 1 });
  });

  it('refuses when pinned articles alone exceed the budget, and writes nothing', async () => {
    const budget = { budgetBytes: 2 * ARTICLE_BYTES };
    await saveArticle(db, article('pinned', 1, { pinned: 1 }), [], budget);
    await saveArticle(db, article('loose', 2), [image(10)], { budgetBytes: 3 * ARTICLE_BYTES });
    const before = {
      articles: await ids(),
      images: await db.getAllKeys('images'),
      usage: await libraryUsage(db),
    };

    const result = await saveArticle(db, article('huge', 3), [image(ARTICLE_BYTES)], budget);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({
      kind: 'over-budget',
      neededBytes: 2 * ARTICLE_BYTES,
      budgetBytes: 2 * ARTICLE_BYTES,
      pinnedBytes: ARTICLE_BYTES,
    });
    expect(result.error.message).toMatch(/pinned articles already take/);
    // The unpinned article it tried to evict is still there, with its image: the abort undid it.
    expect(await ids()).toEqual(before.articles);
    expect(await db.getAllKeys('images')).toEqual(before.images);
    expect(await libraryUsage(db)).toEqual(before.usage);
    expect(await lastEviction(db)).toBeUndefined();
  });

  it('takes images with their article when it is evicted or deleted', async () => {
    const budget = { budgetBytes: 400 };
    const a = await saveArticle(db, article('a', 1), [image(50), image(50)], budget);
    const b = await saveArticle(db, article('b', 2), [image(50)], budget);
    if (!a.ok || !b.ok) throw new Error('setup failed');
    expect(await db.count('images')).toBe(3);

    await saveArticle(db, article('c', 3), [image(50)], budget); // evicts a (200 bytes)
    expect(await db.getAllKeys('images')).not.toContain(`${a.article.id}/0`);
    expect(await db.count('images')).toBe(2);

    expect(await deleteArticle(db, b.article.id)).toBe(true);
    expect(await db.getAllKeys('images')).toEqual([`${await articleId('https://news.example/c')}/0`]);
    expect((await libraryUsage(db)).bytes).toBe(ARTICLE_BYTES + 50);
  });

  it('reports a quota error and leaves no article without its images when a put fails', async () => {
    const old = await saveArticle(db, article('a', 1), [image(10)], BIG);
    if (!old.ok) throw new Error('setup failed');
    // Simulate a full disk: the second image of the replacement hits the quota.
    const put = IDBObjectStore.prototype.put;
    let imagePuts = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === 'images' && ++imagePuts === 2) {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return put.apply(this, args);
    });

    const result = await saveArticle(
      db,
      article('a', 2, { title: 'Replacement' }),
      [image(10), image(10)],
      BIG,
    );
    vi.restoreAllMocks();
    expect(result).toEqual({
      ok: false,
      error: { kind: 'quota', message: expect.stringMatching(/no room/) },
    });
    // The old copy is intact, with its image; no image of the replacement was kept.
    expect(await db.get('articles', old.article.id)).toMatchObject({ title: 'Title a', fetchedAt: 1 });
    expect(await db.getAllKeys('images')).toEqual([`${old.article.id}/0`]);
    expect((await db.get('images', `${old.article.id}/0`))?.blob.size).toBe(10);
    expect(await libraryUsage(db)).toEqual({ count: 1, bytes: ARTICLE_BYTES + 10, pinned: 0 });
  });

  it('replaces a copy of the same canonical URL stored under another id', async () => {
    const legacy = await saveArticle(db, article('a', 1), [image(10)], BIG);
    if (!legacy.ok) throw new Error('setup failed');
    // As if imported from a pack with its own id scheme.
    await db.delete('articles', legacy.article.id);
    await db.put('articles', { ...legacy.article, id: 'legacy', pinned: 1 });
    await db.put('images', { key: 'legacy/0', articleId: 'legacy', url: 'u', blob: new Blob(['x']) });

    const result = await saveArticle(db, article('a', 2), [], BIG);
    expect(result.ok && result.article).toMatchObject({ id: legacy.article.id, pinned: 1 });
    expect(await ids()).toEqual([legacy.article.id]);
    expect(await db.getAllKeys('images')).not.toContain('legacy/0');
  });

  it('rolls the whole save back when a request fails inside the transaction', async () => {
    await saveArticle(db, article('a', 1, { pinned: 1 }), [], BIG);
    const evictable = await saveArticle(db, article('b', 2), [image(10)], BIG);
    if (!evictable.ok) throw new Error('setup failed');
    const before = {
      articles: await ids(),
      images: await db.getAllKeys('images'),
      usage: await libraryUsage(db),
    };
    // The article put fails asynchronously (its request errors and the transaction aborts), as a
    // quota error does in a browser: here by colliding with the unique byUrl index.
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value, key) {
      if (this.name === 'articles')
        return put.call(this, { ...value, canonicalUrl: 'https://news.example/a' }, key);
      return put.call(this, value, key);
    });

    // A budget that forces evicting b first, so the rollback has an eviction to undo too.
    const result = await saveArticle(db, article('c', 3), [image(10)], {
      budgetBytes: 2 * ARTICLE_BYTES + 10,
    });
    vi.restoreAllMocks();
    expect(result).toMatchObject({ ok: false, error: { kind: 'failed' } });
    expect(await ids()).toEqual(before.articles);
    expect(await db.getAllKeys('images')).toEqual(before.images);
    expect(await libraryUsage(db)).toEqual(before.usage);
    expect(await lastEviction(db)).toBeUndefined();
  });

  it('stores long HTML gzipped and reads it back unchanged', async () => {
    const html = `<article>${'<p>Свобода слова — қазақ тілі. Lorem ipsum dolor sit amet.</p>'.repeat(200)}</article>`;
    const result = await saveArticle(db, article('long', 1, { html }), [], BIG);
    if (!result.ok) throw new Error('save failed');
    const stored = await db.get('articles', result.article.id);
    expect(typeof stored?.html).toBe('object');
    expect(stored && (await readArticleHtml(stored))).toBe(html);
    expect(result.article.bytes).toBeLessThan(new TextEncoder().encode(html).byteLength / 5);
  });
});

describe('compressHtml', () => {
  it('round-trips through gzip', async () => {
    const html = '<p>Repeated paragraph text for compression.</p>'.repeat(50);
    const stored = await compressHtml(html);
    expect(stored).toHaveProperty('gzip');
    expect(await readArticleHtml({ html: stored })).toBe(html);
  });

  it('keeps plain HTML when gzip would not save at least 20%', async () => {
    expect(await compressHtml('<p>short</p>')).toBe('<p>short</p>');
    // Pseudo-random printable ASCII: about 6.6 bits of 8 per byte, so gzip saves under 20%.
    let seed = 7;
    const noisy = Array.from({ length: 4000 }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return String.fromCharCode(33 + ((seed >> 16) % 94));
    }).join('');
    expect(await compressHtml(noisy)).toBe(noisy);
    expect(await readArticleHtml({ html: noisy })).toBe(noisy);
  });
});

describe('pins and read marks', () => {
  it('setPinned and markRead change only the flag and say whether the article exists', async () => {
    const saved = await saveArticle(db, article('a', 1), [], BIG);
    if (!saved.ok) throw new Error('setup failed');
    expect(await setPinned(db, saved.article.id, true)).toBe(true);
    expect(await markRead(db, saved.article.id)).toBe(true);
    expect(await db.get('articles', saved.article.id)).toMatchObject({
      pinned: 1,
      read: 1,
      title: 'Title a',
    });
    expect(await setPinned(db, 'missing', true)).toBe(false);
    expect(await deleteArticle(db, 'missing')).toBe(false);
    expect(await libraryUsage(db)).toEqual({ count: 1, bytes: ARTICLE_BYTES, pinned: 1 });
  });
});
