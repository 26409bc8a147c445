import { readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { openDatabase, type ArticleRecord, type Database } from '../../../lib/db';
import {
  LibrarySearch,
  normalizeTerm,
  processTerm,
  SEARCH_INDEX_KEY,
  SEARCH_SCHEMA_VERSION,
  snippet,
  tokenize,
} from '../../../lib/search';
import { saveArticle } from '../../../lib/library/store';
import { deleteArticle } from '../../../lib/library/delete-article';

const fresh = () => openDatabase(`search-${Math.random()}`);
const corpusText = (name: string) =>
  readFileSync(`tests/fixtures/pages/${name}/expected.html`, 'utf8')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

let n = 0;
function article(over: Partial<ArticleRecord>): ArticleRecord {
  n++;
  const url = `https://news.example/${n}`;
  return {
    id: `s${n}`,
    url,
    canonicalUrl: url,
    sourceId: 'feed-1',
    title: `Untitled ${n}`,
    fetchedAt: 1_000_000 + n,
    html: '<p></p>',
    text: '',
    excerpt: '',
    imageKeys: [],
    bytes: 0,
    pinned: 0,
    read: 0,
    ...over,
  };
}
async function save(db: Database, over: Partial<ArticleRecord>): Promise<ArticleRecord> {
  const saved = await saveArticle(db, article(over), [], { budgetBytes: 1e9 });
  if (!saved.ok) throw new Error(saved.reason);
  return saved.article;
}
const ids = (search: LibrarySearch, query: string, options = {}) =>
  search.search(query, options).map((h) => h.id);

describe('normalizing words', () => {
  it('folds case and ё, folds Latin accents, keeps Cyrillic й and the Kazakh letters', () => {
    expect(normalizeTerm('ЁЛКА')).toBe('елка');
    expect(normalizeTerm('Café')).toBe('cafe');
    expect(normalizeTerm('Мой')).toBe('мой');
    expect(normalizeTerm('ҚАЗАҚСТАН')).toBe('қазақстан');
    expect(normalizeTerm('ӘҒҚҢӨҰҮҺІ')).toBe('әғқңөұүһі');
    expect(normalizeTerm('ﬁle')).toBe('file');
  });

  it('keeps Russian words by their stem, and Kazakh and Latin words whole', () => {
    for (const form of ['выборы', 'выборов', 'выборах', 'ВЫБОРАМИ']) expect(processTerm(form)).toBe('выбор');
    expect(processTerm('новостей')).toBe(processTerm('новость'));
    expect(processTerm('отключён')).toBe(processTerm('отключили'));
    // A letter only Kazakh has: no Russian endings cut off.
    expect(processTerm('тұрғындары')).toBe('тұрғындары');
    expect(processTerm('мәлімдеме')).toBe('мәлімдеме');
    expect(processTerm('elections')).toBe('elections');
    expect(processTerm('COVID19')).toBe('covid19');
    expect(processTerm('я')).toBeNull();
    expect(processTerm('5')).toBe('5');
  });

  it('splits words in any script on anything that is not a letter or digit', () => {
    expect(tokenize('Алматы, 5-го января: «интернет» отключён!')).toEqual([
      'Алматы',
      '5',
      'го',
      'января',
      'интернет',
      'отключён',
    ]);
    expect(tokenize('Тоқаев—мәлімдеме')).toEqual(['Тоқаев', 'мәлімдеме']);
  });
});

describe('LibrarySearch', () => {
  it('finds Russian, Kazakh and English articles by whole words, prefixes and small typos', async () => {
    const db = await fresh();
    const ru = await save(db, {
      title: 'В Алматы отключили мобильный интернет',
      text: 'Жители Алматы остались без связи. Ёлки на площади убрали.',
      language: 'ru',
    });
    const kk = await save(db, {
      title: 'Қазақстанда интернет өшірілді',
      text: 'Алматы тұрғындары байланыссыз қалды. Үкімет мәлімдеме жасады.',
      language: 'kk',
    });
    const en = await save(db, { title: 'Obama on gun laws', text: corpusText('bbc-1') });
    const { search, report } = await LibrarySearch.open(db);
    expect(report).toMatchObject({ rebuilt: true, added: 3, removed: 0, documents: 3 });
    expect(ids(search, 'алматы').sort()).toEqual([ru.id, kk.id].sort());
    expect(ids(search, 'алмат').sort()).toEqual([ru.id, kk.id].sort());
    expect(ids(search, 'ёлки')).toEqual([ru.id]);
    expect(ids(search, 'елки')).toEqual([ru.id]);
    expect(ids(search, 'қазақстанда')).toEqual([kk.id]);
    expect(ids(search, 'мәлімдеме')).toEqual([kk.id]);
    expect(ids(search, 'frustration')).toEqual([en.id]);
    expect(ids(search, 'frustartion')).toEqual([en.id]);
    // Every word must match.
    expect(ids(search, 'алматы obama')).toEqual([]);
    // Nothing to search for: no results, no error.
    expect(search.search('')).toEqual([]);
    expect(search.search('?!… —')).toEqual([]);
  });

  it('finds a Russian word in whatever case the reader types it', async () => {
    const db = await fresh();
    const elections = await save(db, {
      title: 'Итоги выборов в Алматы',
      text: 'На выборах наблюдатели сообщили о нарушениях. Новостей из регионов пока нет.',
      language: 'ru',
    });
    await save(db, { title: 'Погода', text: 'Завтра снег.', language: 'ru' });
    const { search } = await LibrarySearch.open(db);
    expect(ids(search, 'выборы')).toEqual([elections.id]);
    expect(ids(search, 'выборам нарушения')).toEqual([elections.id]);
    expect(ids(search, 'новости регион')).toEqual([elections.id]);
    // Still typed as a prefix, and still every word must match.
    expect(ids(search, 'наблюдат')).toEqual([elections.id]);
    expect(ids(search, 'выборы снег')).toEqual([]);
  });

  it('weighs a match in the title over one in the text', async () => {
    const db = await fresh();
    const inText = await save(db, { title: 'Новости дня', text: 'Сегодня прошёл митинг на площади.' });
    const inTitle = await save(db, { title: 'Митинг на площади', text: 'Подробности позже.' });
    const { search } = await LibrarySearch.open(db);
    expect(ids(search, 'митинг')).toEqual([inTitle.id, inText.id]);
  });

  it('scopes results to one source', async () => {
    const db = await fresh();
    const a = await save(db, { title: 'Шатдаун', sourceId: 'feed-a' });
    await save(db, { title: 'Шатдаун', sourceId: 'feed-b' });
    const { search } = await LibrarySearch.open(db);
    expect(ids(search, 'шатдаун', { sourceId: 'feed-a' })).toEqual([a.id]);
  });

  it('persists the index and, on the next open, only indexes what changed', async () => {
    const db = await fresh();
    const kept = await save(db, { title: 'Первая новость' });
    const removed = await save(db, { title: 'Вторая новость' });
    const replaced = await save(db, { title: 'Третья новость' });
    await LibrarySearch.open(db);
    expect((await db.get('libraryMeta', SEARCH_INDEX_KEY))?.value).toMatchObject({
      schemaVersion: SEARCH_SCHEMA_VERSION,
    });

    // Meanwhile the background saved one, evicted one and re-fetched one (new fetchedAt).
    const added = await save(db, { title: 'Четвёртая новость' });
    await deleteArticle(db, removed.id);
    await saveArticle(
      db,
      { ...replaced, title: 'Третья новость (обновлено)', fetchedAt: replaced.fetchedAt + 10 },
      [],
      {
        budgetBytes: 1e9,
      },
    );
    const { search, report } = await LibrarySearch.open(db);
    expect(report).toMatchObject({ rebuilt: false, added: 2, removed: 1, documents: 3 });
    await search.flush();
    expect(ids(search, 'новость').sort()).toEqual([kept.id, replaced.id, added.id].sort());
    expect(ids(search, 'обновлено')).toEqual([replaced.id]);
    expect(ids(search, 'вторая')).toEqual([]);

    // Nothing changed: nothing re-indexed.
    const again = await LibrarySearch.open(db);
    expect(again.report).toMatchObject({ rebuilt: false, added: 0, removed: 0 });
  });

  it('rebuilds a corrupt, truncated or older-format index from the articles', async () => {
    for (const broken of [
      { schemaVersion: 1, indexed: {}, json: '{"documentCount": 3, "nextId"' },
      { schemaVersion: 1, indexed: { ghost: 1 }, json: 'null' },
      { schemaVersion: 0, indexed: {}, json: '{}' },
      'not an object',
    ]) {
      const db = await fresh();
      const one = await save(db, { title: 'Связь восстановлена' });
      await db.put('libraryMeta', { key: SEARCH_INDEX_KEY, value: broken });
      const { search, report } = await LibrarySearch.open(db);
      expect(report).toMatchObject({ rebuilt: true, added: 1, documents: 1 });
      expect(ids(search, 'связь')).toEqual([one.id]);
    }
  });

  it('rebuilds a whole, loadable index of the version before stemming, and keeps one of this version', async () => {
    const db = await fresh();
    const one = await save(db, { title: 'Итоги выборов' });
    // Version 1 kept words whole (normalized, not stemmed), with the same fields.
    const before = new MiniSearch({
      fields: ['title', 'byline', 'siteName', 'text'],
      storeFields: ['title', 'sourceId', 'fetchedAt', 'publishedAt'],
      tokenize,
      processTerm: normalizeTerm,
    });
    before.add(one);
    const stored = { indexed: { [one.id]: one.fetchedAt }, json: JSON.stringify(before) };
    await db.put('libraryMeta', { key: SEARCH_INDEX_KEY, value: { schemaVersion: 1, ...stored } });
    const old = await LibrarySearch.open(db);
    expect(old.report).toMatchObject({ rebuilt: true, added: 1, documents: 1 });
    expect(ids(old.search, 'выборы')).toEqual([one.id]);

    // The same loadable JSON under this version is used as it is: the version alone decided.
    await db.put('libraryMeta', {
      key: SEARCH_INDEX_KEY,
      value: { schemaVersion: SEARCH_SCHEMA_VERSION, ...stored },
    });
    expect((await LibrarySearch.open(db)).report).toMatchObject({ rebuilt: false, added: 0 });
  });

  it('an index kept current article by article answers exactly as one rebuilt from scratch', async () => {
    const db = await fresh();
    const { search } = await LibrarySearch.open(db);
    const pages = ['bbc-1', 'ars-1', 'heise', 'lwn-1', 'wikipedia', 'lemonde-1'];
    const saved: ArticleRecord[] = [];
    for (const [i, page] of pages.entries()) {
      const one = await save(db, { title: `Заголовок ${page} ${i}`, text: corpusText(page).slice(i * 500) });
      saved.push(one);
      await search.indexArticles([one]);
    }
    // Two evicted, one re-fetched with new text, one more saved: each change applied alone.
    for (const gone of [saved[1]!, saved[4]!]) {
      await deleteArticle(db, gone.id);
      await search.removeFromIndex([gone.id]);
    }
    const refetched = { ...saved[2]!, text: corpusText('rtl-1'), fetchedAt: saved[2]!.fetchedAt + 5 };
    await saveArticle(db, refetched, [], { budgetBytes: 1e9 });
    await search.indexArticles([refetched]);
    await search.indexArticles([await save(db, { title: 'Последняя', text: corpusText('la-nacion') })]);
    await search.flush();

    await db.delete('libraryMeta', SEARCH_INDEX_KEY);
    const rebuilt = await LibrarySearch.open(db);
    expect(rebuilt.report.rebuilt).toBe(true);
    expect(search.size).toBe(rebuilt.search.size);
    const now = 2_000_000;
    for (const query of ['the', 'linux', 'заголовок', 'obama', 'gun', 'kernel', 'die', 'de la', 'последн'])
      expect(search.search(query, { now, limit: 100 })).toEqual(
        rebuilt.search.search(query, { now, limit: 100 }),
      );
    // And nothing was left of the removed ones.
    expect(ids(search, 'ars')).toEqual([]);
  });

  it('indexes and forgets articles without a full walk (pack import, delete in the page)', async () => {
    const db = await fresh();
    const { search } = await LibrarySearch.open(db);
    const a = await save(db, { title: 'Импортированная статья' });
    await search.indexArticles([a]);
    expect(ids(search, 'импортированная')).toEqual([a.id]);
    await search.flush();
    const reopened = await LibrarySearch.open(db);
    expect(reopened.report).toMatchObject({ rebuilt: false, added: 0, documents: 1 });
    await search.removeFromIndex([a.id]);
    expect(ids(search, 'импортированная')).toEqual([]);
    expect(search.size).toBe(0);
  });
});

describe('snippet', () => {
  it('shows the passage around the first match with matching words marked', () => {
    const text = `${'Вступление. '.repeat(40)}В Алматы снова отключили связь. ${'Конец. '.repeat(40)}`;
    const parts = snippet(text, 'алмат связ', 80);
    expect(parts[0]).toEqual({ text: '… ', match: false });
    expect(parts.filter((p) => p.match).map((p) => p.text)).toEqual(['Алматы', 'связь']);
    expect(parts.map((p) => p.text).join('').length).toBeLessThan(90);
  });

  it('marks the words of another case the search found', () => {
    const parts = snippet('Итоги выборов: на выборах в Алматы победил один кандидат.', 'выборы алматы');
    expect(parts.filter((p) => p.match).map((p) => p.text)).toEqual(['выборов', 'выборах', 'Алматы']);
  });

  it('never turns text into markup', () => {
    const parts = snippet('<img src=x onerror=alert(1)> Алматы', 'алматы');
    expect(parts.map((p) => p.text).join('')).toBe('<img src=x onerror=alert(1)> Алматы');
  });
});
