import { fitImage } from './fit-image';
import type { ArticleRecord, Database, SourceRecord } from '../db';
import { decodeBody } from '../net';
import { packHtml } from './pack-html';
import { discoverFeeds } from './discover';
import { describeFailure, fail, type LibraryFailure, type LibraryFailureReason } from './failure';
import { parseFeedText } from './feeds';
import { fetchBody } from './fetch-body';
import type { ProcessedPage } from './process-page';
import { cleanUrl } from './clean-url';
import { judgeImageHost } from './image-hosts';
import { isFromPack } from './provenance';
import { articleIdFor, evictedUrls, saveArticle, type NewImage, type SaveResult } from './store';

/**
 * Refreshing sources and capturing pages: fetch → (feed → new items → fetch each page) →
 * extract and sanitize in a real DOM (`deps.process`) → fetch images → compress → save.
 * Every network and DOM edge is a dependency, so the whole pipeline runs in unit tests.
 * A failing source ends with `lastError` set and leaves every stored article as it was.
 */
export interface CaptureLimits {
  timeoutMs: number;
  feedBytes: number;
  pageBytes: number;
  imageBytes: number;
  imagesPerArticle: number;
  imageBytesPerArticle: number;
  /** New articles fetched per feed per refresh (newest first). */
  itemsPerRefresh: number;
}

const DEFAULT_LIMITS: CaptureLimits = {
  timeoutMs: 20_000,
  feedBytes: 5 * 1024 * 1024,
  pageBytes: 5 * 1024 * 1024,
  imageBytes: 1024 * 1024,
  imagesPerArticle: 12,
  imageBytesPerArticle: 3 * 1024 * 1024,
  itemsPerRefresh: 15,
};

export interface CaptureDeps {
  db: Database;
  fetch: typeof fetch;
  /** Readability + DOMPurify in a real DOM (offscreen document, event page, jsdom). */
  process(html: string, url: string): Promise<ProcessedPage | LibraryFailure>;
  budgetBytes: number;
  now(): number;
  limits?: Partial<CaptureLimits>;
}

export interface SourceReport {
  sourceId: string;
  ok: boolean;
  reason?: LibraryFailureReason;
  detail?: string;
  notModified: boolean;
  saved: number;
  failed: number;
  /** Article ids evicted to make room during this refresh. */
  evicted: string[];
}

export interface RefreshReport {
  at: number;
  trigger: string;
  sources: SourceReport[];
}

const LAST_REFRESH_KEY = 'lastRefresh';
const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

export async function refreshSources(
  sources: SourceRecord[],
  deps: CaptureDeps,
  trigger: string,
): Promise<RefreshReport> {
  const report: RefreshReport = { at: deps.now(), trigger, sources: [] };
  // One source at a time: the machine may be a phone-class laptop and the link a throttled one.
  for (const source of sources) report.sources.push(await refreshSource(source, deps));
  // Like each source's outcome, best effort: a full disk must not turn the report into a crash.
  await deps.db.put('libraryMeta', { key: LAST_REFRESH_KEY, value: report }).catch(() => undefined);
  return report;
}

async function refreshSource(source: SourceRecord, deps: CaptureDeps): Promise<SourceReport> {
  const report: SourceReport = {
    sourceId: source.id,
    ok: true,
    notModified: false,
    saved: 0,
    failed: 0,
    evicted: [],
  };
  const outcome =
    source.kind === 'page'
      ? await refreshPage(source, deps, report)
      : await refreshFeed(source, deps, report);
  if (outcome.failure)
    Object.assign(report, { ok: false, reason: outcome.failure.reason, detail: outcome.failure.detail });
  try {
    // Re-read: a long refresh must not overwrite an edit made meanwhile (or resurrect a removed source).
    const current = await deps.db.get('sources', source.id);
    if (!current) return report;
    const updated: SourceRecord = { ...current, ...outcome.patch, lastFetchedAt: deps.now() };
    if (outcome.failure) updated.lastError = describeFailure(outcome.failure);
    else delete updated.lastError;
    await deps.db.put('sources', updated);
  } catch {
    // A disk so full the database itself cannot write (or the connection it closed over that):
    // the outcome cannot be kept, but the report still goes back to whoever asked.
  }
  return report;
}

type Outcome = { failure?: LibraryFailure; patch?: Partial<SourceRecord> };

async function refreshFeed(
  source: SourceRecord,
  deps: CaptureDeps,
  report: SourceReport,
  hops = 0,
): Promise<Outcome> {
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const fetched = await fetchBody(source.url, {
    fetch: deps.fetch,
    timeoutMs: limits.timeoutMs,
    maxBytes: limits.feedBytes,
    accept: FEED_ACCEPT,
    etag: source.etag,
    lastModified: source.lastModified,
  });
  if (!fetched.ok) return { failure: fetched };
  if (fetched.notModified) {
    report.notModified = true;
    return {};
  }
  const text = decodeBody(fetched.bytes, fetched.contentType);
  const feed = parseFeedText(text, fetched.url);
  if (!feed.ok) {
    // A site's address instead of its feed (the regional defaults, or what a user pasted):
    // follow the feed the page itself advertises, once.
    if (feed.reason === 'not-a-feed' && hops === 0) {
      const [discovered] = discoverFeeds(text, fetched.url);
      if (discovered) {
        const switched = {
          ...source,
          url: discovered,
          siteUrl: source.siteUrl ?? fetched.url,
          etag: undefined,
          lastModified: undefined,
        };
        const outcome = await refreshFeed(switched, deps, report, 1);
        return { ...outcome, patch: { url: discovered, siteUrl: switched.siteUrl, ...outcome.patch } };
      }
    }
    return { failure: feed };
  }
  const patch: Partial<SourceRecord> = {
    etag: fetched.etag,
    lastModified: fetched.lastModified,
    ...(feed.siteUrl && !source.siteUrl ? { siteUrl: feed.siteUrl } : {}),
    ...(feed.language ? { language: feed.language } : {}),
    ...(!source.title || source.title === new URL(source.url).hostname ? { title: feed.title } : {}),
  };
  const newest = [...feed.items].sort((a, b) => (b.publishedAt ?? 0) - (a.publishedAt ?? 0));
  const evicted = await evictedUrls(deps.db);
  let taken = 0;
  for (const item of newest) {
    if (taken >= limits.itemsPerRefresh) break;
    // Already stored, or evicted to make room (fetching it again would only evict something else).
    // A copy that came in a pack does not count: a stranger's pack must not keep the real one out.
    if (
      evicted.has(item.url) ||
      evicted.has(cleanUrl(item.url)) ||
      (await fetchedCopyExists(deps.db, item.url))
    )
      continue;
    taken++;
    const saved = await captureUrl(item.url, source.id, deps, {
      pinned: false,
      publishedAt: item.publishedAt,
      title: item.title,
    });
    if (saved.ok) {
      if (saved.notModified) continue;
      report.saved++;
      report.evicted.push(...saved.evicted.map((e) => e.id));
    } else {
      report.failed++;
      // A full library or disk stops this refresh: every further article would fail the same way.
      // The feed's validators stay those of the last version read to the end: with this one's,
      // the next refresh would get a 304 and never retry the items not stored.
      if (saved.reason === 'quota' || saved.reason === 'over-budget')
        return {
          failure: saved,
          patch: { ...patch, etag: source.etag, lastModified: source.lastModified },
        };
    }
  }
  return { patch };
}

async function refreshPage(source: SourceRecord, deps: CaptureDeps, report: SourceReport): Promise<Outcome> {
  const saved = await captureUrl(source.url, source.id, deps, {
    pinned: true,
    etag: source.etag,
    lastModified: source.lastModified,
  });
  if (!saved.ok) return { failure: saved };
  if (saved.notModified) {
    report.notModified = true;
    return {};
  }
  report.saved++;
  report.evicted.push(...saved.evicted.map((e) => e.id));
  return {
    patch: { etag: saved.etag, lastModified: saved.lastModified, title: source.title || saved.article.title },
  };
}

type CaptureResult =
  | (Extract<SaveResult, { ok: true }> & { notModified?: false; etag?: string; lastModified?: string })
  | { ok: true; notModified: true }
  | LibraryFailure;

/** Fetch one page and store it. */
async function captureUrl(
  url: string,
  sourceId: string,
  deps: CaptureDeps,
  options: { pinned: boolean; publishedAt?: number; title?: string; etag?: string; lastModified?: string },
): Promise<CaptureResult> {
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const fetched = await fetchBody(url, {
    fetch: deps.fetch,
    timeoutMs: limits.timeoutMs,
    maxBytes: limits.pageBytes,
    accept: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5',
    etag: options.etag,
    lastModified: options.lastModified,
  });
  if (!fetched.ok) return fetched;
  if (fetched.notModified) return { ok: true, notModified: true };
  if (!/html|xml|^$/i.test(fetched.contentType)) return fail('not-an-article', fetched.contentType);
  const page = await deps.process(decodeBody(fetched.bytes, fetched.contentType), fetched.url);
  if (!page.ok) return page;
  const saved = await saveProcessed({ ...page, url }, sourceId, deps, options);
  return saved.ok ? { ...saved, etag: fetched.etag, lastModified: fetched.lastModified } : saved;
}

/** Store an extracted, sanitized page: its images fetched within the caps, its HTML compressed when that pays. */
export async function saveProcessed(
  page: ProcessedPage,
  sourceId: string,
  deps: CaptureDeps,
  options: { pinned: boolean; publishedAt?: number; title?: string },
): Promise<SaveResult> {
  const images = await fetchImages(page.imageUrls, page.url, deps);
  // Stored, shown and exported without what identifies the person (clean-url.ts).
  const canonicalUrl = cleanUrl(page.canonicalUrl);
  const article: ArticleRecord = {
    id: await articleIdFor(canonicalUrl),
    url: cleanUrl(page.url),
    canonicalUrl,
    sourceId,
    title: page.title || options.title || cleanUrl(page.url),
    ...(page.byline ? { byline: page.byline } : {}),
    ...(page.language ? { language: page.language } : {}),
    ...(page.dir ? { dir: page.dir } : {}),
    ...(page.siteName ? { siteName: page.siteName } : {}),
    ...((page.publishedAt ?? options.publishedAt) !== undefined
      ? { publishedAt: page.publishedAt ?? options.publishedAt }
      : {}),
    fetchedAt: deps.now(),
    html: await packHtml(page.html),
    text: page.text,
    excerpt: page.excerpt.slice(0, 500),
    imageKeys: [],
    bytes: 0,
    pinned: options.pinned ? 1 : 0,
    read: 0,
  };
  return saveArticle(deps.db, article, images, { budgetBytes: deps.budgetBytes, now: deps.now() });
}

/**
 * Images as blobs, in document order, until the per-article count or byte cap; the rest are
 * skipped (the reader shows their alt text). SVG is skipped: it is a document that can carry
 * script, and a photo is never an SVG. Only the page's own site and its CDNs are asked, never a
 * private or loopback address (image-hosts.ts): another site's image is a tracker's pixel more
 * often than a photo.
 */
async function fetchImages(urls: string[], pageUrl: string, deps: CaptureDeps): Promise<NewImage[]> {
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const images: NewImage[] = [];
  let total = 0;
  const fetchable = urls.filter((url) => judgeImageHost(url, pageUrl) === 'allowed');
  for (const url of fetchable.slice(0, limits.imagesPerArticle * 2)) {
    if (images.length >= limits.imagesPerArticle) break;
    const left = limits.imageBytesPerArticle - total;
    if (left <= 0) break;
    const fetched = await fetchBody(url, {
      fetch: deps.fetch,
      timeoutMs: limits.timeoutMs,
      maxBytes: Math.min(limits.imageBytes, left),
      accept: 'image/avif, image/webp, image/png, image/jpeg, image/gif;q=0.8',
    });
    if (!fetched.ok || fetched.notModified) continue;
    const type = fetched.contentType.split(';')[0]!.trim().toLowerCase();
    if (!/^image\/(png|jpeg|gif|webp|avif)$/.test(type)) continue;
    // Stored at the size the reader shows it, re-encoded when that is smaller (fit-image.ts).
    const fitted = await fitImage(new Blob([fetched.bytes as BlobPart], { type }));
    images.push({ url, blob: fitted.blob });
    total += fetched.bytes.byteLength;
  }
  return images;
}

/** Whether the library holds a fetched (not pack-imported) copy of this address. */
async function fetchedCopyExists(db: CaptureDeps['db'], url: string): Promise<boolean> {
  const found = await db.getFromIndex('articles', 'byUrl', cleanUrl(url));
  return found !== undefined && !isFromPack(found);
}
