import type { ArticleRecord, Database } from '../db';
import { cleanUrl } from './clean-url';
import { isFromPack } from './provenance';

/**
 * What the reader page lists, read straight from IndexedDB (extension pages share the
 * background's database). Lists walk an index newest first and stop at `limit`, so opening a
 * library of 10,000 articles reads one page of records, not all of them.
 */
export type ArticleSummary = Omit<ArticleRecord, 'html' | 'text' | 'imageKeys'> & { imageCount: number };

export type LibraryFilter =
  | { kind: 'all' }
  | { kind: 'unread' }
  | { kind: 'pinned' }
  | { kind: 'source'; sourceId: string }
  /** Articles whose canonical address is on this host (a blocked site's saved pages). */
  | { kind: 'site'; host: string };

/**
 * "Newest first" means newest news: by the date the article was published, else by when it was
 * saved. A date after the saving is a feed's mistake (or a trick to stay on top): it counts as
 * the saving time.
 */
function newestFirst(
  a: Pick<ArticleRecord, 'publishedAt' | 'fetchedAt'>,
  b: Pick<ArticleRecord, 'publishedAt' | 'fetchedAt'>,
): number {
  const when = (x: typeof a) => Math.min(x.publishedAt ?? x.fetchedAt, x.fetchedAt);
  return when(b) - when(a) || b.fetchedAt - a.fetchedAt;
}

function summarize(article: ArticleRecord): ArticleSummary {
  const { html: _html, text: _text, imageKeys, ...rest } = article;
  return { ...rest, imageCount: imageKeys.length };
}

export async function listArticles(
  db: Database,
  filter: LibraryFilter,
  limit = 50,
): Promise<{ articles: ArticleSummary[]; more: boolean }> {
  if (filter.kind === 'site') {
    const all = await articlesOnHost(db, filter.host);
    all.sort(newestFirst);
    return { articles: all.slice(0, limit).map(summarize), more: all.length > limit };
  }
  const tx = db.transaction('articles');
  const index =
    filter.kind === 'source'
      ? tx.store.index('bySource')
      : filter.kind === 'pinned'
        ? tx.store.index('byEviction')
        : tx.store.index('byFetched');
  const range =
    filter.kind === 'source'
      ? IDBKeyRange.bound([filter.sourceId, -Infinity], [filter.sourceId, Infinity])
      : filter.kind === 'pinned'
        ? IDBKeyRange.bound([1, -Infinity], [1, Infinity])
        : null;
  const articles: ArticleSummary[] = [];
  let more = false;
  for (let cursor = await index.openCursor(range, 'prev'); cursor; cursor = await cursor.continue()) {
    if (filter.kind === 'unread' && cursor.value.read) continue;
    if (articles.length === limit) {
      more = true;
      break;
    }
    articles.push(summarize(cursor.value));
  }
  await tx.done;
  // The index is by saving time, so a page is the latest saved; within it, by publication.
  articles.sort(newestFirst);
  return { articles, more };
}

/**
 * The saved copy of a page, found by the address the user was trying to open. Canonical URLs
 * are what the library keys on; a tab's address may differ by fragment, trailing slash or scheme.
 */
export async function findCopy(db: Database, pageUrl: string): Promise<ArticleRecord | undefined> {
  // Stored addresses are cleaned (clean-url.ts); older ones may not be, so both are asked.
  const candidates = new Set([...addressVariants(pageUrl), ...addressVariants(cleanUrl(pageUrl))]);
  let fromPack: ArticleRecord | undefined;
  for (const candidate of candidates) {
    const found = await db.getFromIndex('articles', 'byUrl', candidate);
    // A copy this browser fetched is preferred over a pack's claim about the same page.
    if (found && !isFromPack(found)) return found;
    fromPack ??= found;
  }
  return fromPack;
}

/** How many saved articles live on this host (and its www. twin). */
export async function countOnHost(db: Database, host: string): Promise<number> {
  let count = 0;
  for (const range of hostRanges(host)) count += await db.countFromIndex('articles', 'byUrl', range);
  return count;
}

export function addressVariants(pageUrl: string): string[] {
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return [];
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return [];
  url.hash = '';
  const variants = new Set<string>();
  for (const protocol of [url.protocol, url.protocol === 'https:' ? 'http:' : 'https:']) {
    const copy = new URL(url.href);
    copy.protocol = protocol;
    variants.add(copy.href);
    const path = copy.pathname;
    copy.pathname = path.endsWith('/') && path.length > 1 ? path.slice(0, -1) : `${path}/`;
    variants.add(copy.href);
  }
  return [...variants];
}

async function articlesOnHost(db: Database, host: string): Promise<ArticleRecord[]> {
  const found: ArticleRecord[] = [];
  for (const range of hostRanges(host)) found.push(...(await db.getAllFromIndex('articles', 'byUrl', range)));
  return found;
}

/** Key ranges over canonical URLs that start with http(s)://host/ — a prefix scan of the index. */
function hostRanges(host: string): IDBKeyRange[] {
  const bare = host.toLowerCase().replace(/^www\./, '');
  const ranges: IDBKeyRange[] = [];
  for (const scheme of ['http', 'https'])
    for (const name of [bare, `www.${bare}`]) {
      const prefix = `${scheme}://${name}/`;
      ranges.push(IDBKeyRange.bound(prefix, `${prefix}\uffff`));
    }
  return ranges;
}
