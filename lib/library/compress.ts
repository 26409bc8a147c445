import type { ArticleRecord } from '../db';

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
