/**
 * Library search with 10,000 articles, in Node (fake-indexeddb, the same lib/search code the
 * reader runs): building the index from the articles store, its persisted size, opening it again
 * (load + sync with nothing changed), adding one article incrementally, and query latency.
 * Articles are the corpus pages' text with paragraphs shuffled and Russian/Kazakh sentences mixed
 * in, so the vocabulary is not just eight pages repeated.
 *
 *   npx tsx bench/library-search.ts [--articles 10000]     (no assertions; figures for docs/benchmarks.md)
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { openDatabase, type ArticleRecord } from '../lib/db';
import { LibrarySearch, SEARCH_INDEX_KEY } from '../lib/search';

const count = Number(process.argv[process.argv.indexOf('--articles') + 1]) || 10_000;
const PAGES = ['bbc-1', 'lemonde-1', 'heise', 'lwn-1', 'wikipedia', 'ars-1', 'la-nacion', 'rtl-1'];
const paragraphs = PAGES.map((name) =>
  readFileSync(`tests/fixtures/pages/${name}/expected.html`, 'utf8')
    .split(/<\/p>/)
    .map((p) =>
      p
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((p) => p.length > 40),
);
const CYRILLIC = [
  'Жители Алматы остались без мобильного интернета на пятый день протестов.',
  'Власти объявили режим чрезвычайного положения в нескольких областях.',
  'Мессенджеры заблокированы, банки не работают, очереди у магазинов.',
  'Алматы тұрғындары бірнеше күн байланыссыз қалды.',
  'Үкімет интернетті қалпына келтіретінін мәлімдеді.',
  'Қазақстанда төтенше жағдай жарияланды, әуежай жабылды.',
  'Журналисты сообщают о задержаниях на площади Республики.',
  'Тоқаев телеарнада сөз сөйледі, бірақ көпшілік оны көре алмады.',
];
let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;

function makeArticle(i: number): ArticleRecord {
  const source = paragraphs[i % paragraphs.length]!;
  const body = Array.from({ length: 6 + Math.floor(random() * 10) }, () =>
    random() < 0.3 ? pick(CYRILLIC) : pick(source),
  ).join('\n');
  const words = body.split(/\s+/);
  const title = Array.from({ length: 6 }, () => pick(words)).join(' ');
  const url = `https://news${i % 40}.bench.test/${i}`;
  return {
    id: `b${i}`,
    url,
    canonicalUrl: url,
    sourceId: `source${i % 40}`,
    title,
    fetchedAt: 1_700_000_000_000 + i * 60_000,
    html: '',
    text: body,
    excerpt: body.slice(0, 200),
    imageKeys: [],
    bytes: body.length,
    pinned: 0,
    read: 0,
  };
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return `p50 ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms, max ${s.at(-1)!.toFixed(2)} ms (n=${s.length})`;
};

const db = await openDatabase(`bench-search-${Date.now()}`);
let textBytes = 0;
for (let start = 0; start < count; start += 500) {
  const tx = db.transaction('articles', 'readwrite');
  for (let i = start; i < Math.min(count, start + 500); i++) {
    const article = makeArticle(i);
    textBytes += new TextEncoder().encode(article.text).length;
    void tx.store.put(article);
  }
  await tx.done;
}
console.log(`library: ${count} articles, ${(textBytes / 1e6).toFixed(1)} MB of text`);

let t = performance.now();
const built = await LibrarySearch.open(db);
console.log(
  `build from scratch (walk, read, index, persist): ${((performance.now() - t) / 1000).toFixed(2)} s`,
);
const stored = (await db.get('libraryMeta', SEARCH_INDEX_KEY))!.value as { json: string };
console.log(
  `persisted index: ${(stored.json.length / 1e6).toFixed(1)} MB of JSON (text ${(textBytes / 1e6).toFixed(1)} MB)`,
);

const opens: number[] = [];
for (let i = 0; i < 5; i++) {
  t = performance.now();
  await LibrarySearch.open(db);
  opens.push(performance.now() - t);
}
console.log(`open again (load + sync, nothing changed): ${stats(opens)}`);

const search = built.search;
const adds: number[] = [];
for (let i = 0; i < 20; i++) {
  const article = makeArticle(count + i);
  await db.put('articles', article);
  t = performance.now();
  await search.sync();
  adds.push(performance.now() - t);
}
console.log(`one new article (sync: walk ids, index it): ${stats(adds)}`);
t = performance.now();
await search.flush();
console.log(`writing the index back (after those 20): ${(performance.now() - t).toFixed(0)} ms`);

const queries = [
  ...[
    'алматы',
    'интернет',
    'тұрғындары',
    'қазақстанда',
    'мессенджеры',
    'гун',
    'obama',
    'frustration',
    'linux',
    'kernel',
  ],
  ...['алм', 'интер', 'қаз', 'prot', 'gover', 'elect', 'bund', 'polic', 'wiki', 'journ'],
  ...['жители алматы', 'алматы тұрғындары', 'gun laws', 'president obama', 'power supply', 'le monde'],
  ...['чрезвычайного положения', 'төтенше жағдай', 'frustartion', 'goverment', 'интернетті', 'Республики'],
];
const latencies: number[] = [];
const hitsPer: number[] = [];
for (let round = 0; round < 8; round++)
  for (const query of queries) {
    t = performance.now();
    const hits = search.search(query, { limit: 200 });
    latencies.push(performance.now() - t);
    if (round === 0) hitsPer.push(hits.length);
  }
console.log(`query latency over ${queries.length} queries × 8: ${stats(latencies)}`);
console.log(
  `hits per query: min ${Math.min(...hitsPer)}, median ${[...hitsPer].sort((a, b) => a - b)[hitsPer.length >> 1]}, max ${Math.max(...hitsPer)}`,
);
