/**
 * Feed discovery: the `<link rel="alternate" type="application/rss+xml|atom+xml">` a news site
 * puts in its pages. Runs in the service worker (no DOM), so it reads `<link>` tags with a
 * tolerant attribute scanner rather than parsing the page. Pure.
 */
const FEED_TYPES =
  /^application\/(rss|atom|feed|rdf)\+(xml|json)$|^application\/(rss|atom)$|^application\/feed\+json$/i;

export function discoverFeeds(html: string, pageUrl: string): string[] {
  const found: string[] = [];
  // Only the head matters, and a hostile page may be huge.
  const head = html.slice(0, 256 * 1024);
  for (const tag of head.match(/<link\b[^>]*>/gi) ?? []) {
    const attrs = attributes(tag);
    const rels = (attrs.rel ?? '').toLowerCase().split(/\s+/);
    if (!rels.includes('alternate') || !FEED_TYPES.test((attrs.type ?? '').trim())) continue;
    try {
      const url = new URL(attrs.href ?? '', pageUrl);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && !found.includes(url.href))
        found.push(url.href);
    } catch {
      // An unparseable href is skipped, not fatal.
    }
  }
  return found;
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of tag.matchAll(/([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
    out[match[1]!.toLowerCase()] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? '');
  }
  return out;
}

const decodeEntities = (value: string) =>
  value
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
