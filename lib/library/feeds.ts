import { parseFeed } from 'feedsmith';
import { fail, type LibraryFailure } from './failure';

/**
 * Feeds in, article links out. feedsmith is pure JS (fast-xml-parser underneath), so this runs
 * in the MV3 service worker, which has no DOMParser. Pure: text in, value out.
 */
export interface FeedItem {
  /** Absolute http(s) URL of the article page. */
  url: string;
  title: string;
  publishedAt?: number;
}

export interface ParsedFeed {
  ok: true;
  format: 'rss' | 'atom' | 'rdf' | 'json';
  title: string;
  siteUrl?: string;
  language?: string;
  items: FeedItem[];
}

/**
 * `<!ENTITY` in a DOCTYPE is how "billion laughs" bombs are built; no real news feed needs one.
 * feedsmith does not expand them today, but refusing them up front keeps a future parser change
 * from turning a 1 KB feed into gigabytes in the worker.
 */
const ENTITY_DECLARATION = /<!DOCTYPE[^[>]*\[[^\]]*<!ENTITY/i;

export function parseFeedText(text: string, feedUrl: string): ParsedFeed | LibraryFailure {
  const head = text.slice(0, 4096).trimStart();
  if (ENTITY_DECLARATION.test(text.slice(0, 64 * 1024))) return fail('feed-entities');
  if (/^(<!doctype html|<html)/i.test(head)) return fail('not-a-feed', 'an HTML page');
  let parsed: { format: ParsedFeed['format']; feed: Loose };
  try {
    const input = head.startsWith('{') ? JSON.parse(text) : text;
    parsed = parseFeed(input) as unknown as typeof parsed;
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'DetectError') return fail('not-a-feed', 'no RSS, Atom, RDF or JSON Feed found');
    return fail('feed-malformed', error instanceof Error ? error.message.slice(0, 200) : String(error));
  }
  const { format, feed } = parsed;
  const rawItems: Loose[] = (format === 'atom' ? feed.entries : feed.items) ?? [];
  const items: FeedItem[] = [];
  const seen = new Set<string>();
  for (const raw of rawItems) {
    const item = toItem(format, raw, feedUrl);
    if (!item || seen.has(item.url)) continue;
    seen.add(item.url);
    items.push(item);
  }
  const siteLink = format === 'atom' ? atomLink(feed.links, 'alternate') : (feed.link ?? feed.home_page_url);
  return {
    ok: true,
    format,
    title: text1(feed.title) || new URL(feedUrl).hostname,
    siteUrl: absolute(siteLink, feedUrl),
    language: typeof feed.language === 'string' ? feed.language : undefined,
    items,
  };
}

// feedsmith's types are a union of four formats with dozens of namespaces; we read a handful of
// fields defensively instead (a broken feed may have any of them missing or of the wrong type).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

function toItem(format: ParsedFeed['format'], raw: Loose, base: string): FeedItem | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  let link: unknown;
  let date: unknown;
  if (format === 'atom') {
    link = atomLink(raw.links, 'alternate') ?? (isUrl(raw.id) ? raw.id : undefined);
    date = raw.published ?? raw.updated;
  } else if (format === 'json') {
    link = raw.url ?? raw.external_url;
    date = raw.date_published ?? raw.date_modified;
  } else {
    link =
      raw.link ?? (raw.guid?.isPermaLink !== false && isUrl(raw.guid?.value) ? raw.guid.value : undefined);
    date = raw.pubDate ?? raw.dc?.date ?? raw.dc?.dates?.[0];
  }
  const url = absolute(link, base);
  if (!url) return undefined;
  const time = typeof date === 'string' ? Date.parse(date) : NaN;
  return {
    url,
    title: text1(raw.title) || url,
    ...(Number.isFinite(time) ? { publishedAt: time } : {}),
  };
}

function atomLink(links: unknown, rel: string): string | undefined {
  if (!Array.isArray(links)) return undefined;
  const wanted = links.find((l) => l && (l.rel ?? 'alternate') === rel && (!l.type || /html/i.test(l.type)));
  return typeof wanted?.href === 'string' ? wanted.href : undefined;
}

const isUrl = (value: unknown): value is string => typeof value === 'string' && /^https?:\/\//i.test(value);

function absolute(link: unknown, base: string): string | undefined {
  if (typeof link !== 'string' || !link.trim()) return undefined;
  try {
    const url = new URL(link.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function text1(value: Loose): string {
  const raw = typeof value === 'string' ? value : typeof value?.value === 'string' ? value.value : '';
  return raw
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 500);
}
