import type { ArticleRecord } from '../db';

/**
 * Where an article's text came from: fetched by this browser from the site, or imported from a
 * pack someone handed over. A pack's article is a claim, not a copy we made — the
 * reader and the popup say so, and it never stands in for a fetched one (docs/library-packs.md).
 */
const PACK_ID_PREFIX = 'pack:';

/** Also true for articles imported before `provenance` existed (sourceId 'imported'). */
export function isFromPack(article: Pick<ArticleRecord, 'id' | 'sourceId' | 'provenance'>): boolean {
  return (
    article.provenance === 'pack' || article.sourceId === 'imported' || article.id.startsWith(PACK_ID_PREFIX)
  );
}

/**
 * A pack article's id: its own namespace, and per pack — two packs claiming the same address are
 * ids never collide, and none equals the id a genuine fetch of that address gets.
 */
export async function packArticleId(packDigest: string, canonicalUrl: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(`${packDigest}\n${canonicalUrl}`),
  );
  const hex = [...new Uint8Array(digest).slice(0, 12)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${PACK_ID_PREFIX}${hex}`;
}
