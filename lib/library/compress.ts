import type { ArticleRecord } from '../db';

/**
 * Article HTML is stored gzip-compressed (CompressionStream) only when that pays: small bodies
 * barely shrink and would cost a decompression on every open for nothing.
 */
const MIN_BYTES_TO_TRY = 2048;
/** Keep the compressed form only if it saves at least this share. */
const MIN_SAVING = 0.2;

export async function packHtml(html: string): Promise<ArticleRecord['html']> {
  const raw = new TextEncoder().encode(html);
  if (raw.byteLength < MIN_BYTES_TO_TRY) return html;
  // The bytes written straight into the compressor: a Blob around them first cost a round trip
  // to the browser's blob registry per article (issue #17, pack import).
  const compressor = new CompressionStream('gzip');
  const writer = compressor.writable.getWriter();
  // Their failures surface as the readable side's error, below.
  writer.write(raw).catch(() => undefined);
  writer.close().catch(() => undefined);
  const gzip = await new Response(compressor.readable).blob();
  return gzip.size <= raw.byteLength * (1 - MIN_SAVING) ? { gzip } : html;
}

/** The article's sanitized HTML, whichever way it was stored. */
export async function readArticleHtml(article: Pick<ArticleRecord, 'html'>): Promise<string> {
  if (typeof article.html === 'string') return article.html;
  const stream = article.html.gzip.stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

/** Bytes the HTML occupies as stored. */
export function storedHtmlBytes(html: ArticleRecord['html']): number {
  return typeof html === 'string' ? new TextEncoder().encode(html).byteLength : html.gzip.size;
}
