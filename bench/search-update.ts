/**
 * Keeping the stored search index current, in Node (fake-indexeddb, the same lib/search code the
 * reader's worker and the background run): a first build over `--articles` generated articles
 * (bench/library-corpus), then `--rounds` batches of `--batch` new articles each added by
 * `syncSearchIndex` (shard-store.ts applyChanges: each touched term's postings read, changed and
 * written back). fake-indexeddb is not Chromium's IndexedDB: compare builds with it, in one
 * session, not with the reader's figures.
 *
 *   npx tsx bench/search-update.ts [--articles 3000] [--batch 100] [--rounds 2]
 */
import 'fake-indexeddb/auto';
import { parseArgs } from 'node:util';
import { openDatabase, type ArticleRecord } from '../lib/db';
import { saveArticle } from '../lib/library';
import { syncSearchIndex } from '../lib/search';
import { generateArticles, loadCorpus, textOnlyRecord } from './library-corpus/generate';

const { values: args } = parseArgs({
  options: {
    articles: { type: 'string', default: '3000' },
    batch: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '2' },
  },
});
const [count, batch, rounds] = [args.articles, args.batch, args.rounds].map(Number) as [
  number,
  number,
  number,
];
const articles = [
  ...generateArticles(loadCorpus(), { seed: 17, count: count + batch * rounds, imagePool: 0 }),
].map(textOnlyRecord);
const db = await openDatabase(`search-update-${Date.now()}`);
const save = async (list: ArticleRecord[]) => {
  for (const article of list) await saveArticle(db, article, [], { budgetBytes: 1e12 });
};
await save(articles.slice(0, count));
let started = performance.now();
await syncSearchIndex(db);
console.log(`first build, ${count} articles: ${(performance.now() - started).toFixed(0)} ms`);
for (let round = 0; round < rounds; round++) {
  await save(articles.slice(count + round * batch, count + (round + 1) * batch));
  started = performance.now();
  const { added } = await syncSearchIndex(db);
  console.log(`${added} articles added: ${(performance.now() - started).toFixed(0)} ms`);
}
