import { Readability } from '@mozilla/readability';
import { fail, type LibraryFailure } from './failure';
import { sanitizeArticleHtml } from './sanitize';
import { signsOfLogin, type LoginSign } from './signs-of-login';

/**
 * A fetched (or kept) page → the article to store: Readability finds the article, DOMPurify
 * cleans it. Needs a real DOM `Window` (offscreen document, Firefox event page, jsdom in tests);
 * the document is built with DOMParser, which is inert: no script runs, no image loads.
 */
export interface ProcessedPage {
  ok: true;
  url: string;
  canonicalUrl: string;
  title: string;
  byline?: string;
  excerpt: string;
  text: string;
  /** Sanitized. */
  html: string;
  imageUrls: string[];
  language?: string;
  dir?: 'ltr' | 'rtl';
  siteName?: string;
  publishedAt?: number;
  /** Why the page looked like someone's logged-in view (empty: it did not); see signs-of-login.ts. */
  loginSigns: LoginSign[];
}

/** Bigger documents are refused before parsing: Readability on 20 MB of markup takes seconds. */
const MAX_PAGE_CHARS = 8 * 1024 * 1024;

export function processPage(html: string, url: string, win: Window): ProcessedPage | LibraryFailure {
  if (html.length > MAX_PAGE_CHARS) return fail('too-large', `${html.length} characters`);
  const doc = new (win as Window & typeof globalThis).DOMParser().parseFromString(html, 'text/html');
  // Readability resolves relative links against the document's base; a parsed document's base
  // is ours (the offscreen page), so give it the article's own address.
  if (!doc.querySelector('base[href]')) {
    const base = doc.createElement('base');
    base.setAttribute('href', url);
    doc.head.prepend(base);
  }
  const canonicalUrl = canonicalOf(doc, url);
  // Before Readability: it strips the header and menus where an account shows.
  const loginSigns = signsOfLogin(doc);
  const pageLang = doc.documentElement.getAttribute('lang') ?? undefined;
  // Readability changes the document; keep the body for short pages it declines.
  const bodyHtml = doc.body?.innerHTML ?? '';
  const bodyText = doc.body?.textContent ?? '';
  const docTitle = doc.title;
  let article: ReturnType<Readability['parse']>;
  try {
    article = new Readability(doc, { charThreshold: 200 }).parse();
  } catch {
    article = null;
  }
  // An "important page" (emergency numbers, a legal-aid contact list) is often too short or too
  // list-like for Readability: keep its whole body, sanitized, rather than nothing.
  if (!article?.content || !(article.textContent ?? '').trim()) {
    if (!bodyText.trim()) return fail('not-an-article');
    article = { title: docTitle, content: bodyHtml, textContent: bodyText } as NonNullable<typeof article>;
  }
  const clean = sanitizeArticleHtml(article.content ?? '', url, win);
  const text = (article.textContent ?? '')
    .replace(/[ \t\r\f\v]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n\n')
    .trim();
  const published = article.publishedTime ? Date.parse(article.publishedTime) : NaN;
  const dir = article.dir === 'rtl' || article.dir === 'ltr' ? article.dir : undefined;
  return {
    ok: true,
    url,
    canonicalUrl,
    title: (article.title ?? '').trim() || docTitle || url,
    ...(article.byline ? { byline: article.byline.trim() } : {}),
    excerpt: (article.excerpt ?? text.slice(0, 300)).trim(),
    text,
    html: clean.html,
    imageUrls: clean.imageUrls,
    ...((article.lang ?? pageLang) ? { language: (article.lang ?? pageLang)! } : {}),
    ...(dir ? { dir } : {}),
    ...(article.siteName ? { siteName: article.siteName.trim() } : {}),
    ...(Number.isFinite(published) ? { publishedAt: published } : {}),
    loginSigns,
  };
}

/**
 * The page's <link rel=canonical>, if it stays on the same site: articles are keyed by it, and a
 * hostile page must not be able to overwrite another site's stored article by claiming its URL.
 */
function canonicalOf(doc: Document, url: string): string {
  const page = new URL(url);
  page.hash = '';
  const href = doc.querySelector('link[rel~="canonical"][href]')?.getAttribute('href');
  if (!href) return page.href;
  try {
    const canonical = new URL(href, page);
    canonical.hash = '';
    return canonical.origin === page.origin ? canonical.href : page.href;
  } catch {
    return page.href;
  }
}
