import { describe, expect, it } from 'vitest';
import { openDatabase, type ArticleRecord, type Database } from '../../../lib/db';
import { evictedUrls, lastEviction, saveArticle, type NewImage } from '../../../lib/library/store';
import { USAGE_KEY } from '../../../lib/library/usage';
import { saveArticles, type ArticleToSave } from '../../../lib/library/store-batch';
import { fullAfter } from './full-disk';

const KB = 1024;
const fresh = () => openDatabase(`batch-${Math.random()}`);

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
const item = (n: number, over: Partial<ArticleRecord> = {}, images: NewImage[] = []): ArticleToSave => ({
  article: article(n, over),
  images,
});

/** Everything a save can change, to compare a batch with saves one at a time. */
async function state(db: Database) {
  return {
    articles: (await db.getAll('articles')).map(({ id, bytes, pinned, imageKeys }) => ({
      id,
      bytes,
      pinned,
      imageKeys,
    })),
    images: await db.getAllKeys('images'),
    usage: (await db.get('libraryMeta', USAGE_KEY))?.value,
    lastEviction: await lastEviction(db),
    evictedUrls: [...(await evictedUrls(db))],
  };
}

describe('saveArticles (a batch in one transaction)', () => {
  it('ends exactly as saveArticle one at a time: budget across the batch, evicting what the batch itself just saved, never a pinned one', async () => {
    const budget = 45 * KB; // room for four ~10 KB articles
    const items = [
      item(1, { pinned: 1 }),
      item(2),
      item(3, {}, [image(3, 2 * KB)]),
      item(4),
      item(5),
      item(6, {}, [image(6)]),
      item(2, { title: 'again' }), // saved again (same id) after it was evicted
    ];
    const one = await fresh();
    const alone = [];
    for (const { article: a, images } of items)
      alone.push(await saveArticle(one, a, images, { budgetBytes: budget, now: 7 }));
    const batch = await fresh();
    const together = await saveArticles(batch, items, { budgetBytes: budget, now: 7 });
    expect(together).toEqual(alone);
    expect(await state(batch)).toEqual(await state(one));
    // The batch really did evict within itself.
    expect(together.flatMap((r) => (r.ok ? r.evicted.map((e) => e.id) : []))).toContain('a2');
    expect((await state(batch)).articles.map((a) => a.id)).toContain('a1');
  });

  it('lookups asked for the whole batch at once are asked again where an earlier save in it changed them', async () => {
    const pack = { provenance: 'pack' as const, sourceId: 'imported' };
    const library = [
      item(1, { ...pack, url: 'https://news.example/u', canonicalUrl: 'https://news.example/u' }),
      item(7, { url: 'https://news.example/v', canonicalUrl: 'https://news.example/v', read: 1 }),
      item(8, { fetchedAt: 1 }),
      item(9, { fetchedAt: 2, pinned: 1 }),
    ];
    const items = [
      // A genuine fetch of a1's address deletes the pack copy a1 …
      item(3, { url: 'https://news.example/u', canonicalUrl: 'https://news.example/u' }),
      // … so a1 saved again under another address has no previous record (read before: it had).
      item(1, { ...pack, url: 'https://news.example/w', canonicalUrl: 'https://news.example/w' }),
      // a7 moves to another address, so its old one is free for a pack copy (read before: taken).
      item(7, { url: 'https://news.example/x', canonicalUrl: 'https://news.example/x' }),
      item(5, { ...pack, url: 'https://news.example/v', canonicalUrl: 'https://news.example/v' }),
      // Over the budget, a8 (the oldest) is evicted; saved again, it is new (read before: it was there).
      item(6, {}, [image(6, 4 * KB)]),
      item(8, { title: 'again' }),
    ];
    const budget = 65 * KB;
    const prepare = async () => {
      const db = await fresh();
      for (const { article: a, images } of library) await saveArticle(db, a, images, { budgetBytes: 1e9 });
      return db;
    };
    const one = await prepare();
    const alone = [];
    for (const { article: a, images } of items)
      alone.push(await saveArticle(one, a, images, { budgetBytes: budget, now: 7 }));
    const batch = await prepare();
    const together = await saveArticles(batch, items, { budgetBytes: budget, now: 7 });
    expect(together).toEqual(alone);
    expect(await state(batch)).toEqual(await state(one));
    expect(alone.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect(alone[0]).toMatchObject({ replacedPackCopy: 'a1' });
    expect(alone.flatMap((r) => (r.ok ? r.evicted.map((e) => e.id) : []))).toContain('a8');
  });

  it('refuses, alone and untouched, an article only pinned ones stand in the way of; the rest of the batch is saved', async () => {
    const db = await fresh();
    await saveArticle(db, article(1, { pinned: 1 }), [], { budgetBytes: 1e9 });
    const results = await saveArticles(db, [item(2), item(3, {}, [image(3, 6 * KB)]), item(4)], {
      budgetBytes: 25 * KB,
    });
    expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['ok', 'over-budget', 'ok']);
    // a3 could not fit even with a2 gone, so a2 stayed for it; a4 then evicted a2. Nothing of a3.
    expect((await db.getAllKeys('articles')).sort()).toEqual(['a1', 'a4']);
    expect(await db.getAllKeys('images')).toEqual([]);
    const usage = (await db.get('libraryMeta', USAGE_KEY))?.value;
    const total = (await db.getAll('articles')).reduce((sum, a) => sum + a.bytes, 0);
    expect(usage).toBe(total);
  });

  it('two copies of one address in one batch: a pack copy never displaces; a genuine fetch replaces a pack copy', async () => {
    const db = await fresh();
    const address = { url: 'https://news.example/same', canonicalUrl: 'https://news.example/same' };
    const results = await saveArticles(
      db,
      [
        item(1, { ...address, provenance: 'pack', sourceId: 'imported' }),
        item(2, { ...address, provenance: 'pack', sourceId: 'imported' }),
        item(3, address),
        item(4, { ...address, provenance: 'pack', sourceId: 'imported' }),
      ],
      { budgetBytes: 1e9 },
    );
    expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['ok', 'invalid', 'ok', 'invalid']);
    expect(results[2]).toMatchObject({ ok: true, replacedPackCopy: 'a1' });
    expect(await db.getAllKeys('articles')).toEqual(['a3']);
    expect((await db.get('libraryMeta', USAGE_KEY))?.value).toBe((await db.get('articles', 'a3'))!.bytes);
  });

  it('a full disk mid-batch: the articles that fit are kept, the rest reported as quota, nothing half-written', async () => {
    const db = await fresh();
    const results = await saveArticles(
      fullAfter(db, 2),
      [1, 2, 3, 4].map((n) => item(n, {}, [image(n)])),
      { budgetBytes: 1e9 },
    );
    expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['ok', 'ok', 'quota', 'quota']);
    expect((await db.getAllKeys('articles')).sort()).toEqual(['a1', 'a2']);
    expect((await db.getAllKeys('images')).sort()).toEqual(['a1/0', 'a2/0']);
    const total = (await db.getAll('articles')).reduce((sum, a) => sum + a.bytes, 0);
    expect((await db.get('libraryMeta', USAGE_KEY))?.value).toBe(total);
  });

  it('rejects a malformed article with its reason and saves the others', async () => {
    const db = await fresh();
    const bad = { ...article(2), url: 'javascript:alert(1)' };
    const results = await saveArticles(db, [item(1), { article: bad, images: [] }, item(3)], {
      budgetBytes: 1e9,
    });
    expect(results[1]).toMatchObject({ ok: false, reason: 'invalid', detail: 'url' });
    expect((await db.getAllKeys('articles')).sort()).toEqual(['a1', 'a3']);
  });
});
