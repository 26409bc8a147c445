import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { generateArticles, loadCorpus, textOnlyRecord } from '../../../bench/library-corpus/generate';
import { openDatabase, type ArticleRecord, type Database } from '../../../lib/db';
import { saveArticle } from '../../../lib/library/store';
import { deleteArticle } from '../../../lib/library/delete-article';
import type { IndexBuild } from '../../../lib/search/index-build';
import { articleVersions, syncSearchIndex, type IndexProgress } from '../../../lib/search/index-sync';
import {
  INDEX_OPTIONS,
  searchOptions,
  toDoc,
  toHit,
  type Doc,
  type SearchHit,
} from '../../../lib/search/options';
import {
  BUILD_KEY,
  CorruptIndexError,
  DOCS_KEY,
  readDocTable,
  shardOf,
} from '../../../lib/search/shard-store';
import { ShardedSearch } from '../../../lib/search/sharded-search';

const fresh = () => openDatabase(`sharded-${Math.random()}`);
const corpus = loadCorpus();
const NOW = Date.UTC(2026, 11, 5);

function records(count: number, seed = 17): ArticleRecord[] {
  return [...generateArticles(corpus, { seed, count, imagePool: 0 })].map(textOnlyRecord);
}
async function saveAll(db: Database, articles: ArticleRecord[]): Promise<void> {
  for (const article of articles) {
    const saved = await saveArticle(db, article, [], { budgetBytes: 1e12 });
    if (!saved.ok) throw new Error(saved.reason);
  }
}
/** Queries of every kind: whole words, the word being typed (prefix), typos, several words, a source. */
function queries(articles: ArticleRecord[]): { query: string; sourceId?: string }[] {
  const words = articles.slice(0, 12).flatMap((a) =>
    a.text
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length >= 6)
      .slice(3, 5),
  );
  const typo = (w: string) => w.slice(0, 2) + w[3] + w[2] + w.slice(4);
  return [
    ...words.map((query) => ({ query })),
    ...words.slice(0, 8).map((w) => ({ query: w.slice(0, 3) })),
    ...words.slice(0, 6).map((w) => ({ query: typo(w) })),
    ...words.slice(0, 6).map((w, i) => ({ query: `${words[i + 6]} ${w.slice(0, 4)}` })),
    { query: words[0]!.slice(0, 2) },
    { query: words[1]!, sourceId: articles[1]!.sourceId },
    { query: 'алмат' },
    { query: '?!… —' },
  ];
}
/** One MiniSearch over the whole library, asked the same way: what the shards must equal. */
function whole(articles: Doc[]): MiniSearch<Doc> {
  const mini = new MiniSearch<Doc>(INDEX_OPTIONS);
  mini.addAll(articles.map(toDoc));
  return mini;
}
const ask = (mini: MiniSearch<Doc>, query: string, sourceId?: string): SearchHit[] =>
  mini
    .search(query, searchOptions({ sourceId, now: NOW }))
    .slice(0, 200)
    .map(toHit);
async function shardedAsk(search: ShardedSearch, query: string, sourceId?: string): Promise<SearchHit[]> {
  const hits = await search.search(query, { sourceId, now: NOW, limit: 200 });
  if (hits === 'stale' || hits === 'dropped') throw new Error(hits);
  return hits;
}
/** Same articles in the same order with the same scores (to the last few bits of a double). */
function expectSameRanking(actual: SearchHit[], expected: SearchHit[], query: string): void {
  expect(
    actual.map((h) => h.id),
    query,
  ).toEqual(expected.map((h) => h.id));
  actual.forEach((hit, i) => expect(hit.score, query).toBeCloseTo(expected[i]!.score, 9));
  expect(actual.map(({ score: _, ...rest }) => rest)).toEqual(expected.map(({ score: _, ...rest }) => rest));
}

describe('the sharded search index', () => {
  it('ranks exactly as one MiniSearch index over the same articles, loading only the shards a query needs', async () => {
    const db = await fresh();
    const articles = records(150);
    await saveAll(db, articles);
    const progress: IndexProgress[] = [];
    const report = await syncSearchIndex(db, (p) => progress.push(p));
    expect(report).toMatchObject({ rebuilt: true, added: 150, removed: 0, documents: 150 });
    expect(progress.at(-1)).toEqual({ phase: 'rebuilding', done: 150, total: 150 });

    const search = (await ShardedSearch.open(db))!;
    expect(search.size).toBe(150);
    expect(search.loadedShards).toEqual([]);
    const reference = whole(articles);
    const allShards = Object.keys((await readDocTable(db))!.vocab).length;
    let found = 0;
    for (const { query, sourceId } of queries(articles)) {
      const expected = ask(reference, query, sourceId);
      found += expected.length;
      expectSameRanking(await shardedAsk(search, query, sourceId), expected, query);
    }
    expect(found).toBeGreaterThan(100);
    // A fresh page asked one word loads that word's shard (and the few its typos reach), not all.
    const one = (await ShardedSearch.open(db))!;
    const word = articles[0]!.title.split(' ').find((w) => w.length >= 6)!;
    expect((await shardedAsk(one, word)).length).toBeGreaterThan(0);
    expect(one.loadedShards).toContain(shardOfTerm(word));
    expect(one.loadedShards.length).toBeLessThan(allShards / 10);
  });

  it('is kept current article by article (saves, deletions, re-fetches) and then ranks as a rebuild', async () => {
    const db = await fresh();
    const articles = records(120, 29);
    await saveAll(db, articles.slice(0, 80));
    expect((await syncSearchIndex(db)).rebuilt).toBe(true);
    const opened = (await ShardedSearch.open(db))!;

    await saveAll(db, articles.slice(80));
    for (const gone of articles.slice(10, 15)) await deleteArticle(db, gone.id);
    const refetched = articles.slice(20, 23).map((a, i) => ({
      ...a,
      title: `Обновлено ${i} ${a.title}`,
      text: `${a.text} қосымша мәтін добавлено позже zyxwquux`,
      fetchedAt: a.fetchedAt + 1_000,
    }));
    await saveAll(db, refetched);

    const progress: IndexProgress[] = [];
    const report = await syncSearchIndex(db, (p) => progress.push(p));
    expect(report).toMatchObject({ rebuilt: false, added: 43, removed: 8, documents: 115 });
    expect(progress.every((p) => p.phase === 'updating')).toBe(true);
    // Nothing more to do the second time.
    expect(await syncSearchIndex(db)).toMatchObject({ rebuilt: false, added: 0, removed: 0 });

    // A page holding the index from before the change notices instead of mixing two versions.
    expect(await opened.search('обновлено')).toBe('stale');

    const current = [
      ...articles.slice(0, 10),
      ...articles.slice(15, 20),
      ...refetched,
      ...articles.slice(23, 120),
    ];
    const kept = (await ShardedSearch.open(db))!;
    const reference = whole(current);
    const checked = [
      ...queries(current),
      { query: 'обновлено' },
      { query: 'қосымша мәтін' },
      { query: 'zyxwquux' },
      { query: articles[12]!.title },
    ];
    for (const { query, sourceId } of checked)
      expectSameRanking(await shardedAsk(kept, query, sourceId), ask(reference, query, sourceId), query);
    expect((await shardedAsk(kept, 'zyxwquux')).map((h) => h.id).sort()).toEqual(
      refetched.map((a) => a.id).sort(),
    );
    expect(await shardedAsk(kept, articles[12]!.title)).not.toContainEqual(
      expect.objectContaining({ id: articles[12]!.id }),
    );
  });

  it('reads a term once when keystrokes ask for it at once, and ranks only the answer still wanted', async () => {
    const db = await fresh();
    const articles = records(150);
    await saveAll(db, articles);
    await syncSearchIndex(db);
    const search = (await ShardedSearch.open(db))!;
    const word = articles[2]!.text.split(/[^\p{L}]+/u).find((w) => w.length >= 7)!;
    // Search as you type: each keystroke asks before the previous answer is back.
    const typed = [2, 3, 4, word.length].map((n) => word.slice(0, n));
    const newest = typed.length - 1;
    const answers = await Promise.all(
      typed.map((query, i) => search.search(query, { now: NOW, limit: 200, wanted: () => i === newest })),
    );
    expect(answers.slice(0, newest)).toEqual(['dropped', 'dropped', 'dropped']);
    expectSameRanking(answers[newest] as SearchHit[], ask(whole(articles), word), word);
    // Keystrokes already replaced read nothing; the newest reads its completions and the terms its
    // typo rule reaches: at most two requests (was one per keystroke).
    expect(search.reads).toBeLessThanOrEqual(2);
  });

  it('stops reading the first letters’ completions once a newer keystroke is asked, which waits for one range at most', async () => {
    const db = await fresh();
    const articles = records(450, 61);
    await saveAll(db, articles);
    await syncSearchIndex(db);
    const vocabulary = Object.values((await readDocTable(db))!.vocab).flatMap((terms) => terms.split(' '));
    // The two letters most words start with: their completions take several ranges to read.
    const count = new Map<string, number>();
    for (const term of vocabulary) count.set(term.slice(0, 2), (count.get(term.slice(0, 2)) ?? 0) + 1);
    const [two, completions] = [...count].sort((a, b) => b[1] - a[1])[0]!;
    expect(completions).toBeGreaterThan(300);
    const word = vocabulary
      .filter((term) => term.startsWith(two) && term.length >= 7)
      .sort()
      .at(-1)!;

    const search = (await ShardedSearch.open(db))!;
    let typing = two;
    const first = search.search(two, { now: NOW, limit: 200, wanted: () => typing === two });
    // The next key comes while the first range is being read.
    expect(search.reads).toBe(1);
    typing = word;
    const newest = search.search(word, { now: NOW, limit: 200, wanted: () => typing === word });
    expect(await first).toBe('dropped');
    expectSameRanking((await newest) as SearchHit[], ask(whole(articles), word), word);
    // The first query read its first range and stopped; the completions of the word typed that
    // range did not hold were read by the newest query. Most of «${two}…» was never read.
    const held = search.loadedShards.filter((term) => term.startsWith(two)).length;
    expect(held).toBeLessThan(completions / 2);
    // Asked again, the two letters read what is left and answer as one index would.
    expectSameRanking(await shardedAsk(search, two), ask(whole(articles), two), two);
    expect(search.loadedShards.filter((term) => term.startsWith(two)).length).toBe(completions);

    // Two queries both still wanted: the second waits for the first's ranges, one by one, and
    // reads none of them again.
    const again = (await ShardedSearch.open(db))!;
    const both = await Promise.all([shardedAsk(again, two), shardedAsk(again, two)]);
    expect(both[1]).toEqual(both[0]);
    expect(again.reads).toBe(Math.ceil(completions / 100));
  });

  it('keeps its memory bounded: least recently used terms are dropped, answers stay the same', async () => {
    const db = await fresh();
    const articles = records(100, 41);
    await saveAll(db, articles);
    await syncSearchIndex(db);
    const small = (await ShardedSearch.open(db, { budgetPostings: 200 }))!;
    const reference = whole(articles);
    for (const { query, sourceId } of queries(articles))
      expectSameRanking(await shardedAsk(small, query, sourceId), ask(reference, query, sourceId), query);
    const big = (await ShardedSearch.open(db))!;
    for (const { query, sourceId } of queries(articles)) await shardedAsk(big, query, sourceId);
    expect(small.postingsHeld).toBeLessThan(big.postingsHeld / 2);
  });

  it('answers a search during a first build from the articles indexed so far, ranked as one index over them', async () => {
    const db = await fresh();
    const articles = records(450, 61);
    await saveAll(db, articles);
    const byId = new Map(articles.map((a) => [a.id, a]));
    const order = [...(await articleVersions(db)).keys()];
    const last = byId.get(order.at(-1)!)!;
    const lastWord = last.title.split(' ').find((w) => w.length >= 6) ?? last.title;
    let build: IndexBuild | undefined;
    const checkedAt: number[] = [];
    await syncSearchIndex(
      db,
      (progress) => {
        if (!build || progress.done === 0 || progress.done === progress.total) return;
        // Mid-build: nothing is stored yet, but the build answers over what it holds.
        const part = order.filter((id) => build!.indexed.has(id)).map((id) => byId.get(id)!);
        expect(part.length).toBe(progress.done);
        const reference = whole(part);
        for (const { query, sourceId } of queries(part)) {
          const expected = ask(reference, query, sourceId);
          expectSameRanking(build.search(query, { sourceId, now: NOW, limit: 200 }), expected, query);
        }
        expect(build.search(lastWord, { now: NOW, limit: 200 }).map((h) => h.id)).not.toContain(last.id);
        checkedAt.push(progress.done);
      },
      { onBuild: (current) => (build = current) },
    );
    expect(checkedAt).toEqual([200, 400]);
    expect(build).toBeUndefined();
    // Once done, the rest is found too: from the stored index.
    expect((await shardedAsk((await ShardedSearch.open(db))!, lastWord)).map((h) => h.id)).toContain(last.id);
  });

  it('resumes a build stopped midway from its checkpoint, not from zero, and ends identical to a one-shot build', async () => {
    const articles = records(260, 67);
    const oneShot = await fresh();
    await saveAll(oneShot, articles);
    await syncSearchIndex(oneShot);

    const db = await fresh();
    await saveAll(db, articles);
    class Stopped extends Error {}
    let build: IndexBuild | undefined;
    // The worker terminated mid-build (the page closed): nothing after this point runs.
    const stop = async () => {
      if (build && build.done >= 240) throw new Stopped();
    };
    await expect(
      syncSearchIndex(db, () => {}, {
        checkpointEvery: 100,
        pause: stop,
        onBuild: (b) => (b ? (build = b) : undefined),
      }),
    ).rejects.toThrow(Stopped);
    // Nothing half-written: no index to open yet (the page asks the worker meanwhile), a checkpoint of 200.
    expect(await ShardedSearch.open(db)).toBeUndefined();
    expect(await db.get('libraryMeta', BUILD_KEY)).toBeDefined();

    const progress: IndexProgress[] = [];
    const report = await syncSearchIndex(db, (p) => progress.push(p));
    expect(report).toMatchObject({ rebuilt: true, resumedFrom: 200, added: 60, documents: 260 });
    expect(progress[0]).toEqual({ phase: 'rebuilding', done: 200, total: 260 });
    expect(await storedPieces(db)).toEqual(await storedPieces(oneShot));
    expect(await db.get('libraryMeta', BUILD_KEY)).toBeUndefined();

    // A checkpoint left beside a usable index (another page's worker stopped after resuming it) is dropped.
    await db.put('libraryMeta', { key: BUILD_KEY, value: '{}' });
    await db.put('libraryMeta', { key: `${BUILD_KEY}:0`, value: '[]' });
    expect(await syncSearchIndex(db)).toMatchObject({ rebuilt: false, added: 0 });
    expect(await storedPieces(db)).toEqual(await storedPieces(oneShot));
  });

  it('resumes past a checkpoint that no longer fits the articles, and ignores a broken one', async () => {
    const articles = records(120, 71);
    const db = await fresh();
    await saveAll(db, articles);
    class Stopped extends Error {}
    let build: IndexBuild | undefined;
    await expect(
      syncSearchIndex(db, () => {}, {
        checkpointEvery: 50,
        pause: async () => {
          if (build && build.done > 100) throw new Stopped();
        },
        onBuild: (b) => (b ? (build = b) : undefined),
      }),
    ).rejects.toThrow(Stopped);
    // Between the stop and the resume an article in the checkpoint was deleted and one re-fetched.
    const order = [...(await articleVersions(db)).keys()];
    await deleteArticle(db, order[3]!);
    const old = articles.find((a) => a.id === order[5])!;
    const refetched = {
      ...old,
      title: `Обновлено ${old.title}`,
      text: `${old.text} zyxwquux`,
      fetchedAt: old.fetchedAt + 1,
    };
    await saveAll(db, [refetched]);
    expect(await syncSearchIndex(db)).toMatchObject({ rebuilt: true, resumedFrom: 100, documents: 119 });
    const current = [...articles.filter((a) => a.id !== order[3] && a.id !== old.id), refetched];
    const search = (await ShardedSearch.open(db))!;
    const reference = whole(current);
    for (const { query, sourceId } of [...queries(current), { query: 'zyxwquux' }])
      expectSameRanking(await shardedAsk(search, query, sourceId), ask(reference, query, sourceId), query);

    // A checkpoint cut short: the build starts from the articles, nothing is lost.
    await db.put('libraryMeta', { key: DOCS_KEY, value: 'broken' });
    await db.put('libraryMeta', { key: BUILD_KEY, value: '{"version":1,"indexed":[["a",1' });
    expect(await syncSearchIndex(db)).toMatchObject({ rebuilt: true, resumedFrom: 0, added: 119 });
    expectSameRanking(
      await shardedAsk((await ShardedSearch.open(db))!, 'zyxwquux'),
      ask(reference, 'zyxwquux'),
      'zyxwquux',
    );
  });

  it('rebuilds a missing, corrupt or older stored index from the articles, and drops the old whole-index value', async () => {
    const db = await fresh();
    const articles = records(30, 53);
    await saveAll(db, articles);
    await db.put('libraryMeta', { key: 'searchIndex', value: { schemaVersion: 2, indexed: {}, json: '{}' } });
    expect(await ShardedSearch.open(db)).toBeUndefined();
    expect((await syncSearchIndex(db)).rebuilt).toBe(true);
    expect(await db.get('libraryMeta', 'searchIndex')).toBeUndefined();
    const word = articles[3]!.title.split(' ')[0]!;
    const expected = ask(whole(articles), word);
    expect(expected.length).toBeGreaterThan(0);

    // Schema 3 (postings in MiniSearch's own form, before #17's tenth round): its document table
    // as it was, one term's postings as they were written.
    const schema3 = JSON.stringify({ ...(await readDocTable(db))!, schemaVersion: 3 });
    const term = (await db.getAllKeys('libraryMeta')).find((key) => key.startsWith('search3:s:'))!;
    await db.put('libraryMeta', { key: term, value: JSON.stringify({ [term.slice(10)]: { 0: { 1: 2 } } }) });
    for (const broken of [schema3, '{"schemaVersion":3', JSON.stringify({ schemaVersion: 2 }), 42]) {
      await db.put('libraryMeta', { key: DOCS_KEY, value: broken });
      expect(await ShardedSearch.open(db)).toBeUndefined();
      expect((await syncSearchIndex(db)).rebuilt).toBe(true);
      expectSameRanking(await shardedAsk((await ShardedSearch.open(db))!, word), expected, word);
    }
    // A term's postings unreadable (a tampered profile): found out by the next change that
    // touches it, and rebuilt.
    const before = (await readDocTable(db))!;
    const last = Object.keys(before.documentIds).find((s) => before.documentIds[s] === articles[29]!.id)!;
    const itsTerm = ((await db.get('libraryMeta', `search3:t:${last}`))!.value as string).split(' ')[0]!;
    await db.put('libraryMeta', { key: `search3:s:${itsTerm}`, value: '{"0":[1,2,3]}' });
    // A query reaching it says so as CorruptIndexError (the reader then asks its worker to
    // rebuild, use-library-search.ts), and a sync told to discard the index rebuilds it though
    // its document table reads.
    await expect(shardedAsk((await ShardedSearch.open(db))!, itsTerm)).rejects.toBeInstanceOf(
      CorruptIndexError,
    );
    expect((await syncSearchIndex(db)).rebuilt).toBe(false);
    expect((await syncSearchIndex(db, undefined, { discard: true })).rebuilt).toBe(true);
    expect((await shardedAsk((await ShardedSearch.open(db))!, itsTerm)).map((hit) => hit.id)).toContain(
      articles[29]!.id,
    );
    await db.put('libraryMeta', { key: `search3:s:${itsTerm}`, value: '{"0":[1,2,3]}' });
    await deleteArticle(db, articles[29]!.id);
    expect((await syncSearchIndex(db)).rebuilt).toBe(true);
    await saveAll(db, [articles[29]!]);
    expect((await syncSearchIndex(db)).added).toBe(1);
    expectSameRanking(await shardedAsk((await ShardedSearch.open(db))!, word), expected, word);
    // The pieces do not fit together (an article's term list lost): found out on the next change, rebuilt.
    const table = (await readDocTable(db))!;
    const shortId = Object.keys(table.documentIds).find((s) => table.documentIds[s] === articles[0]!.id)!;
    await db.delete('libraryMeta', `search3:t:${shortId}`);
    await deleteArticle(db, articles[0]!.id);
    expect((await syncSearchIndex(db)).rebuilt).toBe(true);
    expectSameRanking(
      await shardedAsk((await ShardedSearch.open(db))!, word),
      ask(whole(articles.slice(1)), word),
      word,
    );
  });
});

/**
 * Every stored piece of the index: the document table without its write counter, an article's
 * term list as a set (its order follows MiniSearch's term tree, which a resumed build fills in
 * another order; nothing reads it in order).
 */
async function storedPieces(db: Database): Promise<Record<string, unknown>> {
  const pieces: Record<string, unknown> = {};
  for (const { key, value } of await db.getAll('libraryMeta'))
    if (key.startsWith('search3:'))
      pieces[key] =
        key === DOCS_KEY
          ? { ...JSON.parse(value as string), generation: 0 }
          : key.startsWith('search3:t:')
            ? (value as string).split(' ').sort()
            : value;
  delete pieces['search3:gen'];
  expect(Object.keys(pieces).length).toBeGreaterThan(100);
  return pieces;
}

function shardOfTerm(word: string): string {
  return shardOf(INDEX_OPTIONS.processTerm!(word) as string);
}
