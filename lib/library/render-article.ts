import type { ArticleRecord, Database, ImageRecord } from '../db';
import { readArticleHtml } from './compress';
import { sanitizeArticleTree } from './sanitize';
import { pictureBlob, pictureType } from './stored-picture';

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
  /**
   * Object URLs already made, by the picture's address: the first picture, started loading and
   * decoding while the body was still being read (`openArticle`'s `warm`). renderArticle uses
   * them, and they are revoked with the rest; whoever drops the article unrendered revokes them.
   */
  warmed?: Map<string, string>;
}

/**
 * `warm`: the document the article will be shown in. Its first picture is then loaded and decoded
 * (off the page's thread) while the body is unzipped and sanitized, so it can be painted with the
 * text instead of frames after it (issue #17: click → first picture p95 68 ms, → text 40).
 */
export async function openArticle(
  db: Database,
  id: string,
  warm?: Document,
): Promise<OpenedArticle | undefined> {
  // One read-only transaction for the record and its images, asked at once: each separate
  // IndexedDB round trip is several milliseconds of the article's opening time.
  const tx = db.transaction(['articles', 'images']);
  const [article, images] = await Promise.all([
    tx.objectStore('articles').get(id),
    tx.objectStore('images').index('byArticle').getAll(id),
  ]);
  if (!article) return undefined;
  const warmed = warm ? warmFirstPicture(images, warm) : undefined;
  try {
    return { article, html: await readArticleHtml(article), images, warmed };
  } catch (error) {
    warmed?.forEach((url) => URL.revokeObjectURL(url));
    throw error;
  }
}

/** Only a stored picture of an image type is ever given an object URL (the reader's CSP: blob: images). */
const showable = (image: ImageRecord) => pictureType(image).startsWith('image/');

/** The picture saved first (`<article id>/0`: pictures are numbered in the page's order), decoding. */
function warmFirstPicture(images: ImageRecord[], doc: Document): Map<string, string> {
  const number = (image: ImageRecord) => Number(image.key.slice(image.key.lastIndexOf('/') + 1));
  const first = images.filter(showable).sort((a, b) => number(a) - number(b))[0];
  const warmed = new Map<string, string>();
  if (!first) return warmed;
  const objectUrl = URL.createObjectURL(pictureBlob(first));
  warmed.set(first.url, objectUrl);
  const img = doc.createElement('img');
  img.src = objectUrl;
  // A picture that will not decode is shown (or not) by the article's own <img>, as before.
  img.decode().catch(() => undefined);
  return warmed;
}

export interface RenderedArticle {
  fragment: DocumentFragment;
  /** Revoke these when the article is closed. */
  objectUrls: string[];
  /** Images the page had but the library has no copy of (not loaded, alt text shown). */
  missingImages: number;
}

/**
 * An image the library has no copy of becomes a placeholder that says so in the reader's
 * language, with the image's alt text: `missing(alt)` words it ("Image not saved: a street").
 */
export function renderArticle(
  opened: OpenedArticle,
  doc: Document,
  missing: (alt: string) => string = (alt) => alt,
): RenderedArticle {
  const win = doc.defaultView;
  if (!win) throw new Error('renderArticle needs a document with a window');
  // In DOMPurify's inert document: nothing in it loads until it is attached.
  const { fragment } = sanitizeArticleTree(opened.html, opened.article.url, win);
  const blobs = new Map(opened.images.filter(showable).map((i) => [i.url, i]));
  const objectUrls: string[] = [...(opened.warmed?.values() ?? [])];
  let missingImages = 0;
  let shown = 0;
  for (const img of [...fragment.querySelectorAll('img')]) {
    const picture = blobs.get(img.getAttribute('src') ?? '');
    if (picture) {
      let objectUrl = opened.warmed?.get(picture.url);
      if (!objectUrl) objectUrls.push((objectUrl = URL.createObjectURL(pictureBlob(picture))));
      img.setAttribute('src', objectUrl);
      // The text is painted first, the pictures when decoded (off the page's thread). The first
      // picture is near the top: loaded at once, not after layout has found it in view as a lazy
      // one would be (a frame or more later); the rest as they come near.
      img.setAttribute('decoding', 'async');
      if (shown++ > 0) img.setAttribute('loading', 'lazy');
      continue;
    }
    missingImages++;
    const alt = img.getAttribute('alt')?.trim() ?? '';
    const placeholder = doc.createElement('span');
    placeholder.className = 'image-missing';
    placeholder.setAttribute('role', 'img');
    placeholder.setAttribute('data-testid', 'image-missing');
    const words = missing(alt);
    placeholder.setAttribute('aria-label', words);
    placeholder.textContent = words;
    img.replaceWith(placeholder);
  }
  dropRepeatedTitle(fragment, opened.article.title);
  for (const link of fragment.querySelectorAll('a[href]')) {
    link.setAttribute('target', '_blank');
    link.setAttribute('rel', 'noopener noreferrer');
  }
  return { fragment, objectUrls, missingImages };
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Pages often repeat their title as the body's first heading; the article view already shows
 * it above the byline, so the copy goes (as Firefox's Reader View does). Only a heading that
 * comes before any text and says exactly the title.
 */
function dropRepeatedTitle(body: DocumentFragment, title: string): void {
  const heading = body.querySelector('h1, h2, h3');
  if (!heading || squash(heading.textContent ?? '') !== squash(title)) return;
  const walker = body.ownerDocument.createTreeWalker(body, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (heading.contains(node)) break;
    if (node.textContent?.trim()) return; // text before it: the heading is part of the article
  }
  heading.remove();
}
