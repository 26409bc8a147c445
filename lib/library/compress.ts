import type { ArticleRecord } from '../db';

/** The article's sanitized HTML, whichever way it was stored (text, gzip bytes, or an older gzip Blob). */
export async function readArticleHtml(article: Pick<ArticleRecord, 'html'>): Promise<string> {
  if (typeof article.html === 'string') return article.html;
  // A Response streams bytes and Blobs alike, and makes no Blob of the bytes.
  const stream = new Response(article.html.gzip).body!.pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

/** Bytes the HTML occupies as stored. */
export function storedHtmlBytes(html: ArticleRecord['html']): number {
  return typeof html === 'string' ? new TextEncoder().encode(html).byteLength : byteSize(html.gzip);
}

/** The size of stored bytes or of an older record's Blob. */
export const byteSize = (data: ArrayBuffer | Blob): number =>
  data instanceof Blob ? data.size : data.byteLength;
