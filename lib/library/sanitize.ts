import DOMPurify from 'dompurify';

/**
 * The one allow-list every stored article passes through, at save time, in a real DOM (an
 * offscreen document on Chrome, the event page on Firefox, jsdom in tests). DOMPurify needs a
 * real DOM: on a fake one it returns its input unchanged (docs/library.md#sanitizing).
 *
 * What survives: text structure, links, tables, images. What never does: scripts, event handlers,
 * forms, frames, objects, SVG/MathML, style (attributes and elements: CSS can fetch), srcset,
 * meta/base/link, and any URL that is not http(s) or mailto. Links get rel="noopener noreferrer".
 */
const ALLOWED_TAGS = [
  'a',
  'abbr',
  'article',
  'aside',
  'b',
  'blockquote',
  'br',
  'caption',
  'cite',
  'code',
  'col',
  'colgroup',
  'dd',
  'del',
  'details',
  'dfn',
  'div',
  'dl',
  'dt',
  'em',
  'figcaption',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'i',
  'img',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  'q',
  's',
  'samp',
  'section',
  'small',
  'span',
  'strong',
  'sub',
  'summary',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'time',
  'tr',
  'u',
  'ul',
];
const ALLOWED_ATTR = [
  'href',
  'src',
  'alt',
  'title',
  'width',
  'height',
  'colspan',
  'rowspan',
  'scope',
  'lang',
  'dir',
  'datetime',
  'start',
  'reversed',
];
const SAFE_URL = /^(?:https?:|mailto:)/i;

export interface SanitizedHtml {
  html: string;
  /** Absolute http(s) image URLs, in document order, each once. */
  imageUrls: string[];
}

type Purifier = ReturnType<typeof DOMPurify>;

const CONFIG = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  KEEP_CONTENT: true,
  // Content of these is dropped with them, not promoted to text.
  FORBID_CONTENTS: ['script', 'style', 'template', 'noscript', 'iframe', 'object', 'svg', 'math', 'title'],
  // The clean tree itself, so its text is read from it rather than from the HTML parsed again.
  RETURN_DOM_FRAGMENT: true,
};

/** What the hook of the sanitize call in progress writes to (sanitize() is synchronous). */
let current: { baseUrl: string; imageUrls: string[] } | undefined;

/**
 * One DOMPurify per window, its hook set once: building an instance and a hook per article was a
 * large share of a pack's export and import time (issue #17).
 */
const purifiers = new WeakMap<Window, Purifier>();

function purifierFor(win: Window): Purifier {
  const cached = purifiers.get(win);
  if (cached) return cached;
  const purify = DOMPurify(win as unknown as Parameters<typeof DOMPurify>[0]);
  if (!purify.isSupported) throw new Error('DOMPurify is not supported in this context (no real DOM)');
  // Set once: otherwise DOMPurify rebuilds its allow-lists from the arrays on every call.
  purify.setConfig(CONFIG);
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (!current) return;
    const { baseUrl, imageUrls } = current;
    const element = node as Element;
    const tag = element.tagName?.toLowerCase();
    for (const name of ['href', 'src'] as const) {
      const value = element.getAttribute?.(name);
      if (value === null || value === undefined) continue;
      const absolute = absoluteUrl(value, baseUrl);
      if (absolute && SAFE_URL.test(absolute)) element.setAttribute(name, absolute);
      else element.removeAttribute(name);
    }
    if (tag === 'a' && element.hasAttribute('href')) element.setAttribute('rel', 'noopener noreferrer');
    if (tag === 'img') {
      const src = element.getAttribute('src');
      if (src && /^https?:/i.test(src)) {
        if (!imageUrls.includes(src)) imageUrls.push(src);
      } else {
        element.remove();
      }
    }
  });
  purifiers.set(win, purify);
  return purify;
}

/**
 * The clean tree itself, for showing an article: no serializing and parsing it again (issue #17:
 * an article's opening time). It belongs to DOMPurify's inert document, where nothing loads until
 * it is attached to a live one.
 */
export function sanitizeArticleTree(
  html: string,
  baseUrl: string,
  win: Window,
): { fragment: DocumentFragment; imageUrls: string[] } {
  return sanitizeInto(html, baseUrl, win);
}

export function sanitizeArticleHtml(html: string, baseUrl: string, win: Window): SanitizedHtml {
  const { fragment, imageUrls } = sanitizeInto(html, baseUrl, win);
  return { html: serialize(fragment), imageUrls };
}

export interface SanitizedArticle extends SanitizedHtml {
  /** The clean body's text, whitespace collapsed. */
  text: string;
}

/**
 * Sanitize the children of `body`, an element of an inert document (a pack's article, parsed once
 * by the importer), without serializing and parsing them again: DOMPurify clones them into its
 * own document and returns the clean tree, from which both the HTML to store and its text are
 * read (issue #17: serialize → sanitize → parse again for the text was a third of an import).
 * `body` itself is the importer's container and is not kept; it must be an HTML `div`, so its
 * children were parsed as a body's would be and the stored HTML parses back into the same tree.
 */
export function sanitizeArticleNode(body: Element, baseUrl: string, win: Window): SanitizedArticle {
  if (body.namespaceURI !== 'http://www.w3.org/1999/xhtml' || body.localName !== 'div')
    throw new TypeError('an article body to sanitize must be an HTML div');
  const holder = body.ownerDocument.createDocumentFragment();
  while (body.firstChild) holder.appendChild(body.firstChild);
  const { fragment, imageUrls } = sanitizeInto(holder, baseUrl, win);
  const text = (fragment.textContent ?? '').replace(/\s+/g, ' ').trim();
  return { html: serialize(fragment), text, imageUrls };
}

function sanitizeInto(
  dirty: string | Node,
  baseUrl: string,
  win: Window,
): { fragment: DocumentFragment; imageUrls: string[] } {
  const purify = purifierFor(win);
  const imageUrls: string[] = [];
  current = { baseUrl, imageUrls };
  try {
    // The configuration (setConfig, above) asks for the clean tree, not a string.
    return { fragment: purify.sanitize(dirty) as unknown as DocumentFragment, imageUrls };
  } finally {
    current = undefined;
  }
}

function serialize(fragment: DocumentFragment): string {
  const container = fragment.ownerDocument.createElement('div');
  container.append(fragment);
  return container.innerHTML;
}

function absoluteUrl(value: string, base: string): string | undefined {
  try {
    return new URL(value.trim(), base).href;
  } catch {
    return undefined;
  }
}
