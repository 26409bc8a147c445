import type { ArticleRecord, Database } from '../../db';
import { packHtml } from '../compress';
import { sanitizeArticleHtml } from '../sanitize';
import { cleanUrl } from '../clean-url';
import { packArticleId } from '../provenance';
import { saveArticle, type NewImage } from '../store';
import { MANIFEST_ID, PACK_IMAGE_TYPES, PACK_LIMITS, type PackArticleMeta } from './format';
import { validateManifest } from './validate-manifest';
import type { PackPublisher } from '../../signing';
import { checkPackSignature } from './signature';
import { decodeBase64 } from './base64';

export interface ImportReport {
  ok: true;
  imported: { id: string; title: string }[];
  duplicates: { id: string; title: string }[];
  rejected: { title?: string; reason: string }[];
  /** Articles the library removed to make room (the user's budget). */
  evicted: number;
  /** Who signed the pack (the signature was checked); absent for an unsigned pack. */
  signer?: PackPublisher;
}

export type ImportFailure = {
  ok: false;
  reason:
    | 'too-large'
    | 'not-a-pack'
    | 'wrong-version'
    | 'malformed'
    | 'unreadable'
    /** Signed, but the content (or the name or key in its header) is not what was signed. */
    | 'bad-signature'
    /** A signature element that cannot be read: refused rather than taken as unsigned. */
    | 'signature-malformed';
  detail?: string;
};

/**
 * Import a pack someone gave us. The file is a stranger's: it is size-checked before it is read,
 * parsed into an inert document (DOMParser: nothing in it runs or loads), its manifest validated
 * field by field, every article body sanitized again with the library's allow-list, images
 * accepted only as raster data: URIs within the capture caps, and articles already in the
 * library (same canonical address) left as they are. Imported articles are labelled as from a
 * pack, keyed apart (`pack:…`) and replaced by a genuine fetch of their address (provenance.ts). Each article is saved in its own
 * transaction: one that fails (quota, budget) is reported and leaves nothing half-written.
 */
export async function importPack(
  db: Database,
  file: Blob,
  options: { win: Window; budgetBytes?: number; now?: number },
): Promise<ImportReport | ImportFailure> {
  if (file.size > PACK_LIMITS.fileBytes)
    return { ok: false, reason: 'too-large', detail: `${Math.round(file.size / 1024 / 1024)} MB` };
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    return { ok: false, reason: 'unreadable', detail: String(error).slice(0, 200) };
  }
  // The signature first, by this extension's own code (never the pack's script): a signed pack
  // whose bytes do not match is refused whole, before anything in it is parsed or saved.
  const signature = await checkPackSignature(text);
  if (!signature.ok) return { ok: false, reason: signature.reason, detail: signature.detail };
  const { DOMParser } = options.win as Window & typeof globalThis;
  const doc = new DOMParser().parseFromString(text, 'text/html');
  const manifestText = doc.getElementById(MANIFEST_ID)?.textContent;
  if (!manifestText) return { ok: false, reason: 'not-a-pack', detail: 'no manifest' };
  let raw: unknown;
  try {
    raw = JSON.parse(manifestText);
  } catch {
    return { ok: false, reason: 'malformed', detail: 'manifest is not JSON' };
  }
  const checked = validateManifest(raw);
  if (!checked.ok) return { ok: false, reason: checked.reason, detail: checked.detail };

  const report: ImportReport = {
    ok: true,
    imported: [],
    duplicates: [],
    rejected: [...checked.rejected],
    evicted: 0,
    ...(signature.signer ? { signer: signature.signer } : {}),
  };
  const elements = new Map<string, Element>();
  for (const element of doc.querySelectorAll('article[data-vp]'))
    elements.set(element.getAttribute('data-vp') ?? '', element);
  const now = options.now ?? Date.now();
  const packDigest = await digestOf(manifestText);
  // Every address already in the library, read once (keys only) instead of a lookup per article.
  const known = await knownAddresses(db);

  const metas = checked.manifest.articles;
  const build = async (meta: PackArticleMeta | undefined) => {
    if (!meta) return undefined;
    const body = elements.get(meta.key)?.querySelector('[data-vp-body]');
    if (!body) return 'article body missing';
    return buildArticle(meta, body, options.win, now, packDigest, signature.signer);
  };
  // The next article is prepared (sanitized, compressed) while this one is being written: the
  // database's round trips and the page's work overlap. Which copy is kept is still decided
  // in the pack's order, one at a time.
  let next = build(metas[0]);
  for (let i = 0; i < metas.length; i++) {
    const meta = metas[i]!;
    const built = await next;
    next = build(metas[i + 1]);
    // Its failure is met when it is awaited, next turn, not reported as unhandled meanwhile.
    next.catch(() => undefined);
    if (built === undefined) continue;
    if (typeof built === 'string') {
      report.rejected.push({ title: meta.title, reason: built });
      continue;
    }
    // Any copy of the address already here — fetched, or from an earlier pack — stays.
    const existing = known.get(built.article.canonicalUrl);
    if (existing !== undefined) {
      report.duplicates.push({ id: existing, title: meta.title });
      continue;
    }
    const saved = await saveArticle(db, built.article, built.images, {
      ...(options.budgetBytes !== undefined ? { budgetBytes: options.budgetBytes } : {}),
    });
    if (!saved.ok) {
      report.rejected.push({ title: meta.title, reason: saved.reason });
      continue;
    }
    report.evicted += saved.evicted.length;
    // What the budget evicted is gone, and what this pack added is a duplicate for its later copies.
    if (saved.evicted.length) {
      const gone = new Set(saved.evicted.map((article) => article.id));
      for (const [url, id] of known) if (gone.has(id)) known.delete(url);
    }
    known.set(built.article.canonicalUrl, saved.article.id);
    report.imported.push({ id: saved.article.id, title: meta.title });
  }
  return report;
}

async function buildArticle(
  meta: PackArticleMeta,
  body: Element,
  win: Window,
  now: number,
  packDigest: string,
  signer: PackPublisher | undefined,
): Promise<{ article: ArticleRecord; images: NewImage[] } | string> {
  // Images first, where the body already is: the DOMParser document is inert (no browsing
  // context: nothing in it loads or runs), so it is worked on in place rather than serialized and
  // parsed again (issue #17). data: URIs become blobs filed under an http(s) address the
  // sanitizer keeps (the original one when the pack says it, else a made-up one).
  const images: NewImage[] = [];
  let imageBytes = 0;
  for (const [n, img] of [...body.querySelectorAll('img')].entries()) {
    const decoded = decodeImage(img.getAttribute('src') ?? '');
    const original = img.getAttribute('data-src') ?? '';
    img.removeAttribute('data-src');
    if (
      !decoded ||
      images.length >= PACK_LIMITS.imagesPerArticle ||
      decoded.size > PACK_LIMITS.imageBytes ||
      imageBytes + decoded.size > PACK_LIMITS.imageBytesPerArticle
    ) {
      img.remove();
      continue;
    }
    const url =
      /^https?:\/\//i.test(original) && original.length <= PACK_LIMITS.urlChars
        ? original
        : `https://pack.invalid/${meta.key}/${n}`;
    if (images.some((image) => image.url === url)) {
      img.setAttribute('src', url);
      continue;
    }
    img.setAttribute('src', url);
    images.push({ url, blob: decoded });
    imageBytes += decoded.size;
  }
  // The HTML besides its pictures (which have their own caps above) is bounded.
  const bodyHtml = body.innerHTML;
  if (bodyHtml.length > PACK_LIMITS.articleHtmlChars) return 'article too large';
  const clean = sanitizeArticleHtml(bodyHtml, meta.url, win);
  const kept = images.filter((image) => clean.imageUrls.includes(image.url));
  const textHolder = win.document.createElement('template');
  textHolder.innerHTML = clean.html;
  const text = (textHolder.content.textContent ?? '').replace(/\s+/g, ' ').trim();
  if (!text && !kept.length) return 'empty article';
  // A pack's claim about an address lives apart from what this browser fetched (provenance.ts),
  // and its addresses are cleaned like our own: an older pack may carry someone's tokens.
  const canonicalUrl = cleanUrl(meta.canonicalUrl);
  const article: ArticleRecord = {
    id: await packArticleId(packDigest, canonicalUrl),
    url: cleanUrl(meta.url),
    canonicalUrl,
    sourceId: 'imported',
    provenance: 'pack',
    ...(signer ? { packSigner: { publicKey: signer.publicKey, name: signer.name } } : {}),
    title: meta.title,
    ...(meta.byline ? { byline: meta.byline } : {}),
    ...(meta.siteName ? { siteName: meta.siteName } : {}),
    ...(meta.language ? { language: meta.language } : {}),
    ...(meta.dir ? { dir: meta.dir } : {}),
    ...(meta.publishedAt ? { publishedAt: Math.min(meta.publishedAt, now) } : {}),
    // A pack cannot claim to be from the future (that would put it above everything, forever).
    fetchedAt: Math.min(meta.fetchedAt, now),
    html: await packHtml(clean.html),
    text,
    excerpt: text.slice(0, 300),
    imageKeys: [],
    bytes: 0,
    pinned: 0,
    read: 0,
  };
  return { article, images: kept };
}

const DATA_URI = /^data:([a-z]+\/[a-z0-9.+-]+);base64,([A-Za-z0-9+/=\s]+)$/i;

function decodeImage(src: string): Blob | undefined {
  const match = DATA_URI.exec(src);
  if (!match) return undefined;
  const type = match[1]!.toLowerCase();
  if (!PACK_IMAGE_TYPES.includes(type)) return undefined;
  const base64 = match[2]!.replace(/\s+/g, '');
  // 4 base64 characters are 3 bytes: refuse before decoding anything over the cap.
  if ((base64.length / 4) * 3 > PACK_LIMITS.imageBytes + 3) return undefined;
  const bytes = decodeBase64(base64);
  if (!bytes || !looksLike(type, bytes)) return undefined;
  return new Blob([bytes], { type });
}

/** The bytes start as the declared type does (a "PNG" that is HTML is not kept). */
function looksLike(type: string, bytes: Uint8Array): boolean {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  switch (type) {
    case 'image/png':
      return starts(0x89, 0x50, 0x4e, 0x47);
    case 'image/jpeg':
      return starts(0xff, 0xd8, 0xff);
    case 'image/gif':
      return starts(0x47, 0x49, 0x46, 0x38);
    case 'image/webp':
      return starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45;
    case 'image/avif':
      return bytes[4] === 0x66 && bytes[5] === 0x74 && bytes[6] === 0x79 && bytes[7] === 0x70;
    default:
      return false;
  }
}

/** canonicalUrl → article id for the whole library, from the byUrl index's keys alone. */
async function knownAddresses(db: Database): Promise<Map<string, string>> {
  const known = new Map<string, string>();
  const tx = db.transaction('articles');
  for (let cursor = await tx.store.index('byUrl').openKeyCursor(); cursor; cursor = await cursor.continue())
    known.set(String(cursor.key), String(cursor.primaryKey));
  await tx.done;
  return known;
}

async function digestOf(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest).slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
