import type { ArticleRecord, Database, ImageRecord } from '../db';
import { readArticleHtml } from './compress';
import { sanitizeArticleHtml } from './sanitize';

/**
 * Showing a stored article. Its HTML was sanitized when saved; it is sanitized again here
 * because the database is not a trust boundary (an imported pack, an older version's allow-list,
 * a tampered profile). Images come only from the library's own blobs: an <img> pointing at the
 * web would make the device ask a possibly blocked, possibly watching site for it — so any image
 * without a stored copy is replaced by its alt text. The reader's CSP allows blob: images only.
 */
export interface OpenedArticle {
  article: ArticleRecord;
  html: string;
  images: ImageRecord[];
}

export async function openArticle(db: Database, id: string): Promise<OpenedArticle | undefined> {
  const article = await db.get('articles', id);
  if (!article) return undefined;
  const [html, images] = await Promise.all([
    readArticleHtml(article),
    db.getAllFromIndex('images', 'byArticle', id),
  ]);
  return { article, html, images };
}

export interface RenderedArticle {
  fragment: DocumentFragment;
  /** Revoke these when the article is closed. */
  objectUrls: string[];
  /** Images the page had but the library has no copy of (not loaded, alt text shown). */
  missingImages: number;
}

export function renderArticle(opened: OpenedArticle, doc: Document): RenderedArticle {
  const win = doc.defaultView;
  if (!win) throw new Error('renderArticle needs a document with a window');
  const clean = sanitizeArticleHtml(opened.html, opened.article.url, win);
  // A <template>'s content is inert: nothing in it loads until it is attached.
  const template = doc.createElement('template');
  template.innerHTML = clean.html;
  const blobs = new Map(
    opened.images.filter((image) => image.blob.type.startsWith('image/')).map((i) => [i.url, i.blob]),
  );
  const objectUrls: string[] = [];
  let missingImages = 0;
  for (const img of [...template.content.querySelectorAll('img')]) {
    const blob = blobs.get(img.getAttribute('src') ?? '');
    if (blob) {
      const objectUrl = URL.createObjectURL(blob);
      objectUrls.push(objectUrl);
      img.setAttribute('src', objectUrl);
      img.setAttribute('loading', 'lazy');
      continue;
    }
    missingImages++;
    const alt = img.getAttribute('alt')?.trim();
    if (alt) img.replaceWith(doc.createTextNode(`[${alt}]`));
    else img.remove();
  }
  for (const link of template.content.querySelectorAll('a[href]')) {
    link.setAttribute('target', '_blank');
    link.setAttribute('rel', 'noopener noreferrer');
  }
  return { fragment: template.content, objectUrls, missingImages };
}
