/**
 * Feed bytes → the items the library fetches (issue #5, "Sources and capture"). Pure: bytes in,
 * a result value out, no browser globals beyond TextDecoder and DecompressionStream, so it can run
 * in a worker and a unit test needs no mocks.
 *
 * Everything a feed contains is hostile until proven otherwise: it may be HTML, gzipped, in a
 * legacy charset (windows-1251 and koi8-r are common in Russian news), ill-formed, a 50 MB
 * download or an entity-expansion bomb. Each of those ends in an `{ ok: false, error }` the
 * source list can show, never in a throw.
 */
import { type AnyFeed, DetectError, MalformedError, parseFeed as feedsmithParse } from 'feedsmith';

export const DEFAULT_MAX_FEED_BYTES = 5 * 1024 * 1024;

export type FeedErrorKind =
  'too-large' | 'unsafe' | 'not-a-feed' | 'malformed' | 'timeout' | 'aborted' | 'network' | 'http';

export interface FeedError {
  kind: FeedErrorKind;
  message: string;
}

export interface FeedItem {
  url: string;
  title: string;
  /** Milliseconds since the epoch, like ArticleRecord.publishedAt. */
  publishedAt?: number;
  /** Plain text (tags stripped), at most SUMMARY_MAX characters. Never render it as HTML. */
  summary?: string;
  guid?: string;
}

export interface Feed {
  title: string;
  siteUrl?: string;
  language?: string;
  items: FeedItem[];
}

export type FeedParseResult =
  | { ok: true; feed: Feed; format: 'rss' | 'atom' | 'rdf' | 'json'; dropped: number }
  | { ok: false; error: FeedError };

export interface FeedParseOptions {
  /** The URL the feed was fetched from; relative links resolve against it. */
  feedUrl?: string;
  /** Cap on the body, before and after gunzip. */
  maxBytes?: number;
}

const SUMMARY_MAX = 500;

export async function parseFeed(
  bytes: Uint8Array,
  contentType?: string,
  options: FeedParseOptions = {},
): Promise<FeedParseResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FEED_BYTES;
  if (bytes.byteLength > maxBytes) return tooLarge(maxBytes);

  let body = bytes;
  if (isGzip(body)) {
    const unzipped = await gunzipCapped(body, maxBytes);
    if (!unzipped.ok) return unzipped;
    body = unzipped.bytes;
  }

  const text = decode(body, contentType);
  const prolog = checkProlog(text);
  if (prolog) return { ok: false, error: prolog };

  let parsed: AnyFeed;
  try {
    parsed = feedsmithParse(text);
  } catch (e) {
    if (e instanceof MalformedError) return fail('malformed', 'The feed is not well-formed XML.');
    if (e instanceof DetectError || looksLikeHtml(text))
      return fail(
        'not-a-feed',
        'This address returns a web page or other document, not an RSS or Atom feed.',
      );
    return fail('malformed', `The feed could not be read: ${String(e)}`);
  }
  return normalize(parsed, options.feedUrl);
}

// --- bytes → text -------------------------------------------------------------------------------

function isGzip(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/** Gunzip, stopping as soon as the output passes the cap (a gzip bomb inflates 1000×). */
async function gunzipCapped(
  bytes: Uint8Array,
  maxBytes: number,
): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; error: FeedError }> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } catch {
    // A truncated or corrupt gzip stream: keep what inflated, the XML parser decides.
    if (total === 0) return fail('malformed', 'The feed is gzip-compressed but the data is corrupt.');
  }
  return { ok: true, bytes: concat(chunks, total) };
}

export function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * Charset order: a byte-order mark, then the Content-Type header's charset (RFC 7303: the
 * transport wins), then the XML declaration, then UTF-8. An unknown label falls through.
 */
export function decode(bytes: Uint8Array, contentType?: string): string {
  const bom = sniffBom(bytes);
  const candidates = [
    bom,
    contentType ? /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1] : undefined,
    xmlDeclEncoding(bytes),
    'utf-8',
  ];
  for (const label of candidates) {
    if (!label) continue;
    try {
      // UTF-8 is checked strictly: a server that says "charset=utf-8" over a windows-1251 feed is
      // common, and invalid UTF-8 means the next candidate (the XML declaration) knows better.
      // Single-byte decoders never fail, so a legacy label is taken as given.
      return new TextDecoder(label, { fatal: true }).decode(bytes);
    } catch {
      // RangeError: a label this browser does not know; TypeError: bytes invalid in it.
    }
  }
  return new TextDecoder().decode(bytes);
}

function sniffBom(b: Uint8Array): string | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  return undefined;
}

/** The declaration is ASCII in every charset we accept, so read its first bytes as latin1. */
function xmlDeclEncoding(b: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(b.subarray(0, 200));
  return /^\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1];
}

// --- the prolog: DOCTYPE and entity bombs ----------------------------------------------------------

/**
 * Entities can only be declared in a DOCTYPE's internal subset. A DOCTYPE with an internal subset,
 * or any ENTITY declaration, is refused wherever it appears (outside CDATA): real feeds never need
 * one, it is how billion-laughs and XXE payloads are built, and lenient parsers read a DOCTYPE even
 * after the root element. feedsmith does not expand such entities today; this check does not rely on
 * that. A plain external DOCTYPE (RSS 0.91 carries one) is harmless because nothing fetches the DTD;
 * an HTML doctype means a web page.
 */
function checkProlog(text: string): FeedError | undefined {
  const markup = text.replace(/<!\[CDATA\[[\s\S]*?(\]\]>|$)/g, '');
  if (/<!ENTITY/i.test(markup) || /<!DOCTYPE[^>[]*\[/i.test(markup))
    return {
      kind: 'unsafe',
      message: 'The feed declares its own entities (a DOCTYPE with an internal subset); refused as unsafe.',
    };
  const rootAt = firstElementIndex(text);
  const prolog = text.slice(0, rootAt < 0 ? Math.min(text.length, 4096) : rootAt);
  if (/<!DOCTYPE\s+html/i.test(prolog))
    return {
      kind: 'not-a-feed',
      message: 'This address returns a web page, not an RSS or Atom feed.',
    };
  return undefined;
}

/** Index of the first `<name`, skipping the declaration, processing instructions and comments. */
function firstElementIndex(text: string): number {
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) return -1;
    if (text.startsWith('<?', lt)) i = endOf(text, '?>', lt);
    else if (text.startsWith('<!--', lt)) i = endOf(text, '-->', lt);
    else if (text.startsWith('<!', lt)) {
      // A DOCTYPE, possibly with [ ... ] holding '>' characters.
      const bracket = text.indexOf('[', lt);
      const close = text.indexOf('>', lt);
      i = bracket >= 0 && bracket < close ? endOf(text, ']', bracket) : close + 1;
      if (i <= 0) return -1;
    } else return lt;
    if (i < 0) return -1;
  }
  return -1;
}

function endOf(text: string, token: string, from: number): number {
  const at = text.indexOf(token, from);
  return at < 0 ? -1 : at + token.length;
}

function looksLikeHtml(text: string): boolean {
  return /^\s*(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html|head|body)\b/i.test(text);
}

// --- feedsmith's shapes → Feed -------------------------------------------------------------------

type Parsed = AnyFeed;

interface Candidate {
  link?: string;
  title?: string;
  date?: string;
  summary?: string;
  guid?: string;
  base?: string;
}

function normalize(parsed: Parsed, feedUrl?: string): FeedParseResult {
  let title: string | undefined;
  let site: string | undefined;
  let language: string | undefined;
  let candidates: Candidate[] = [];

  switch (parsed.format) {
    case 'rss': {
      const f = parsed.feed;
      title = f.title;
      site = f.link;
      language = f.language;
      candidates = (f.items ?? []).map((it) => ({
        // A guid is a permalink unless it says otherwise (RSS 2.0).
        link: it.link ?? (it.guid?.isPermaLink !== false ? it.guid?.value : undefined),
        title: it.title,
        date: it.pubDate ?? it.dc?.dates?.[0],
        summary: it.description ?? it.content?.encoded,
        guid: it.guid?.value,
        base: it.xml?.base,
      }));
      break;
    }
    case 'atom': {
      const f = parsed.feed;
      title = textOf(f.title);
      site = pickAtomLink(f.links);
      language = f.xml?.lang;
      candidates = (f.entries ?? []).map((e) => ({
        link: pickAtomLink(e.links),
        title: textOf(e.title),
        date: e.published ?? e.updated,
        summary: textOf(e.summary) ?? textOf(e.content),
        guid: e.id,
        base: e.xml?.base,
      }));
      break;
    }
    case 'rdf': {
      const f = parsed.feed;
      title = f.title;
      site = f.link;
      language = f.dc?.languages?.[0];
      candidates = (f.items ?? []).map((it) => ({
        link: it.link,
        title: it.title,
        date: it.dc?.dates?.[0],
        summary: it.description,
        guid: it.rdf?.about,
      }));
      break;
    }
    case 'json': {
      const f = parsed.feed;
      title = f.title;
      site = f.home_page_url;
      language = f.language;
      candidates = (f.items ?? []).map((it) => ({
        link: it.url ?? it.external_url,
        title: it.title,
        date: it.date_published,
        summary: it.summary ?? it.content_text ?? it.content_html,
        guid: it.id,
      }));
      break;
    }
  }

  const siteUrl = resolveHttp(site, feedUrl);
  const items: FeedItem[] = [];
  let dropped = 0;
  for (const c of candidates) {
    const base = resolveHttp(c.base, feedUrl) ?? feedUrl;
    const url = resolveHttp(c.link?.trim(), base);
    if (!url) {
      dropped++;
      continue;
    }
    const summary = c.summary ? toPlainText(c.summary, SUMMARY_MAX) : undefined;
    const published = c.date ? Date.parse(c.date) : NaN;
    items.push({
      url,
      title: toPlainText(c.title ?? '', 300) || summary?.slice(0, 80) || url,
      ...(Number.isFinite(published) && { publishedAt: published }),
      ...(summary && { summary }),
      ...(c.guid && { guid: c.guid.trim() }),
    });
  }

  return {
    ok: true,
    format: parsed.format,
    dropped,
    feed: {
      title: toPlainText(title ?? '', 300) || siteUrl || feedUrl || '',
      ...(siteUrl && { siteUrl }),
      ...(language?.trim() && { language: language.trim() }),
      items,
    },
  };
}

function textOf(t: { value?: string } | string | undefined): string | undefined {
  return typeof t === 'string' ? t : t?.value;
}

/** Atom: the alternate link, preferring HTML; a link without rel is an alternate (RFC 4287). */
function pickAtomLink(
  links: { href?: string; rel?: string; type?: string }[] | undefined,
): string | undefined {
  const alternates = (links ?? []).filter((l) => l.href && (!l.rel || l.rel === 'alternate'));
  return (alternates.find((l) => !l.type || /html/i.test(l.type)) ?? alternates[0])?.href;
}

/** An absolute http(s) URL, or undefined: a `tag:` or `javascript:` link is no article. */
export function resolveHttp(href: string | undefined, base: string | undefined): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Tags out, common entities decoded, whitespace collapsed. Text only — never HTML. */
function toPlainText(html: string, max: number): string {
  const text = html
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    // Block boundaries become spaces; inline tags vanish so "<a>Star City</a>." stays one phrase.
    .replace(/<\/?(p|br|div|li|ul|ol|h[1-6]|tr|td|th|blockquote|pre|hr|img|figure|table)\b[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[\da-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] !== '#') return NAMED[e.toLowerCase()] ?? m;
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    })
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function tooLarge(maxBytes: number): { ok: false; error: FeedError } {
  return fail('too-large', `The feed is larger than ${formatBytes(maxBytes)}; refused.`);
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB` : `${Math.ceil(n / 1024)} KB`;
}

function fail(kind: FeedErrorKind, message: string): { ok: false; error: FeedError } {
  return { ok: false, error: { kind, message } };
}
