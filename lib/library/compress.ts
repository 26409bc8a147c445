/**
 * Article HTML at rest (issue #5, Storage): gzip via CompressionStream, but only when it pays —
 * short pages compress badly and a Blob costs a decompression on every open.
 */

/** Keep the gzip only when it is at most this fraction of the UTF-8 size (saves ≥ 20%). */
export const GZIP_WORTH_IT = 0.8;

const encoder = new TextEncoder();

/** UTF-8 size of a string: what IndexedDB's disk format costs us, roughly. */
export function utf8Bytes(text: string): number {
  return encoder.encode(text).byteLength;
}

export async function compressHtml(html: string): Promise<string | { gzip: Blob }> {
  const plain = utf8Bytes(html);
  if (plain === 0) return html;
  const stream = new Blob([html]).stream().pipeThrough(new CompressionStream('gzip'));
  const gzip = await new Response(stream).blob();
  return gzip.size <= plain * GZIP_WORTH_IT ? { gzip } : html;
}

export async function readArticleHtml(article: { html: string | { gzip: Blob } }): Promise<string> {
  if (typeof article.html === 'string') return article.html;
  const stream = article.html.gzip.stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

/** Bytes an article's HTML takes as stored. */
export function storedHtmlBytes(html: string | { gzip: Blob }): number {
  return typeof html === 'string' ? utf8Bytes(html) : html.gzip.size;
}
