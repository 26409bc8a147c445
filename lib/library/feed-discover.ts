/**
 * Feed discovery: the `<link rel="alternate" type="application/rss+xml" href>` a site puts in its
 * `<head>`. The MV3 service worker has no DOMParser, so this is a small tolerant tag scanner — it
 * only reads `<link>` and `<base>` attributes, never builds a tree and never runs anything.
 */
import { resolveHttp } from './feed-parse';

export interface DiscoveredFeed {
  url: string;
  type: 'rss' | 'atom' | 'json';
  title?: string;
}

const FEED_TYPES: Record<string, DiscoveredFeed['type']> = {
  'application/rss+xml': 'rss',
  'application/rdf+xml': 'rss',
  'application/atom+xml': 'atom',
  'application/feed+json': 'json',
};

const TAG = /<(link|base)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
const ATTR = /([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;

export function discoverFeeds(html: string, pageUrl: string): DiscoveredFeed[] {
  // Comments and scripts can hold markup that is not part of the page.
  const visible = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<script\b[\s\S]*?<\/script\s*>/gi, '');
  let base = pageUrl;
  const found: DiscoveredFeed[] = [];
  const seen = new Set<string>();

  for (const [, tag, attrText] of visible.matchAll(TAG)) {
    const attrs = parseAttributes(attrText ?? '');
    if (tag?.toLowerCase() === 'base') {
      // Only the first <base href> counts (HTML spec).
      if (base === pageUrl && attrs.href) base = resolveHttp(attrs.href, pageUrl) ?? pageUrl;
      continue;
    }
    const rels = (attrs.rel ?? '').toLowerCase().split(/\s+/);
    if (!rels.includes('alternate')) continue;
    const type = FEED_TYPES[(attrs.type ?? '').toLowerCase().split(';')[0]!.trim()];
    if (!type) continue;
    const url = resolveHttp(attrs.href?.trim(), base);
    if (!url || seen.has(url)) continue;
    seen.add(url);
    const title = attrs.title?.trim();
    found.push({ url, type, ...(title && { title }) });
  }
  return found;
}

function parseAttributes(text: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const [, name, dq, sq, bare] of text.matchAll(ATTR)) {
    const key = name!.toLowerCase();
    if (!(key in attrs)) attrs[key] = decodeEntities(dq ?? sq ?? bare ?? '');
  }
  return attrs;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&#x([\da-f]+);/gi, (m, h: string) => codePoint(parseInt(h, 16)) ?? m)
    .replace(/&#(\d+);/g, (m, d: string) => codePoint(parseInt(d, 10)) ?? m)
    .replace(/&quot;/g, '"')
    .replace(/&apos;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function codePoint(n: number): string | undefined {
  return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined;
}
