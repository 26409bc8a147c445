import { generateOpml, parseOpml } from 'feedsmith';

/**
 * OPML, the list of feeds news readers export and import (http://opml.org/spec2.opml:
 * <outline xmlUrl=…> for a subscription, outlines nested as folders). feedsmith, already our
 * feed parser, reads and writes it; what it does not do for a file from anywhere is done here:
 * a size cap, no DTD entities, only http(s) addresses, a bounded count.
 */
export const MAX_OPML_CHARS = 1024 * 1024;
export const MAX_OPML_FEEDS = 500;

export interface OpmlFeed {
  url: string;
  title?: string;
}

export type OpmlRead =
  | { ok: true; feeds: OpmlFeed[]; skipped: number; truncated: boolean }
  | { ok: false; reason: 'invalid' | 'empty' | 'too-large' };

const ENTITY_DECLARATION = /<!DOCTYPE[^[>]*\[[^\]]*<!ENTITY/i;

type Outline = { xmlUrl?: string; text?: string; title?: string; outlines?: Outline[] };

export function readOpml(text: string): OpmlRead {
  if (text.length > MAX_OPML_CHARS) return { ok: false, reason: 'too-large' };
  if (ENTITY_DECLARATION.test(text) || !/<opml[\s>]/i.test(text.slice(0, 4096))) {
    return { ok: false, reason: 'invalid' };
  }
  let outlines: Outline[];
  try {
    outlines = (parseOpml(text) as { body?: { outlines?: Outline[] } }).body?.outlines ?? [];
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const feeds: OpmlFeed[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  let truncated = false;
  // Depth-first, folders flattened; a stack rather than recursion, so a deeply nested file
  // cannot exhaust ours.
  const stack: Outline[] = [...outlines].reverse();
  while (stack.length > 0) {
    const outline = stack.pop()!;
    if (Array.isArray(outline.outlines)) stack.push(...[...outline.outlines].reverse());
    if (typeof outline.xmlUrl !== 'string') continue;
    const url = httpUrl(outline.xmlUrl);
    if (!url) {
      skipped++;
      continue;
    }
    if (seen.has(url)) continue;
    if (feeds.length === MAX_OPML_FEEDS) {
      truncated = true;
      break;
    }
    seen.add(url);
    const title = (outline.title ?? outline.text ?? '').trim().slice(0, 200);
    feeds.push(title ? { url, title } : { url });
  }
  if (feeds.length === 0 && skipped === 0) return { ok: false, reason: 'empty' };
  return { ok: true, feeds, skipped, truncated };
}

function httpUrl(value: string): string | undefined {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The user's feeds as an OPML 2.0 file any news reader can import. */
export function writeOpml(
  sources: readonly { url: string; title: string; kind: string }[],
  now = new Date(),
): string {
  return generateOpml({
    head: { title: 'Vantage sources', dateCreated: now },
    body: {
      outlines: sources
        .filter((source) => source.kind === 'feed')
        .map((source) => ({ text: source.title, title: source.title, type: 'rss', xmlUrl: source.url })),
    },
  });
}
