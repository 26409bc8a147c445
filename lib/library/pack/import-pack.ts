import type { ArticleRecord, Database } from '../../db';
import type { ImportFailure } from './format';
import { sanitizeArticleNode } from '../sanitize';
import { cleanUrl } from '../clean-url';
import { packArticleId } from '../provenance';
import { MIB, type NewImage } from '../store-core';
import { loadSettings } from '../../settings';
import { createSaver, type Built, type SaveReport, type Saver } from './pack-saver';
import {
  LEGACY_PACK_VERSION,
  MANIFEST_ID,
  PACK_IMAGE_TYPES,
  PACK_LIMITS,
  PACK_VERSION,
  type PackArticleMeta,
} from './format';
import { validateManifest } from './validate-manifest';
import type { PackPublisher } from '../../signing';
import { checkPackSignature } from './signature';
import { decodeBase64 } from './base64';
import { pictureWidth } from '../picture-size';
import { fitImage, READER_IMAGE_MAX_WIDTH } from '../fit-image';
import { ArticleScanner, decodeArticle, type ScannedArticle } from './pack-scanner';
import { allPlaced, newPlaceholder, setPicturesAside } from './pictures-aside';
import { readPackHead, type PackHead } from './pack-head';

export interface ImportReport extends SaveReport {
  ok: true;
  /** Who signed the pack (the signature was checked); absent for an unsigned pack. */
  signer?: PackPublisher;
}

/**
 * Import a pack someone gave us. The file is a stranger's: its size is checked before it is
 * read; a version-2 pack (issue #17) is read twice as a stream and never held whole — first its
 * signature is checked over every byte and its manifest found, then, only if that holds, its
 * articles are read one at a time (pack-scanner.ts), each parsed inertly (an inert document:
 * nothing in it runs or loads). A version-1 pack is read whole, as before (importWholeFile).
 * Either way the manifest is validated field by field, every article body sanitized again with
 * the library's allow-list, images accepted only as raster data: URIs within the capture caps,
 * and articles already in the library (same canonical address) left as they are. Imported
 * articles are labelled as from a pack, keyed apart (`pack:…`) and replaced by a genuine fetch of
 * their address (provenance.ts). Articles are saved SAVE_BATCH to a transaction (saveArticles),
 * each with the result saving it alone would have: one that fails (quota, budget) is reported and
 * leaves nothing half-written, and what earlier batches saved stays.
 */
export async function importPack(
  db: Database,
  file: Blob,
  options: {
    win: Window;
    budgetBytes?: number;
    now?: number;
    /** Where the articles are saved (remoteSaver: a worker); by default on this page. */
    saveWith?: (report: SaveReport) => Saver;
  },
): Promise<ImportReport | ImportFailure> {
  if (file.size > PACK_LIMITS.fileBytes)
    return { ok: false, reason: 'too-large', detail: `${Math.round(file.size / 1024 / 1024)} MB` };
  let head: PackHead;
  try {
    head = await readPackHead(file);
  } catch (error) {
    return { ok: false, reason: 'unreadable', detail: String(error).slice(0, 200) };
  }
  if (head.kind === 'whole') return importWholeFile(db, file, options);
  if (head.kind === 'refused') return head.failure;
  let raw: unknown;
  try {
    raw = JSON.parse(head.manifestText);
  } catch {
    return { ok: false, reason: 'malformed', detail: 'manifest is not JSON' };
  }
  const checked = validateManifest(raw);
  if (!checked.ok) return { ok: false, reason: checked.reason, detail: checked.detail };
  // A version-1 file has no markers to stream by; its signature, if any, was version 1.
  if (checked.manifest.version !== PACK_VERSION) return importWholeFile(db, file, options);

  const report = newReport(checked.rejected, head.signer);
  const metas = new Map(checked.manifest.articles.map((meta) => [meta.key, meta]));
  const now = options.now ?? Date.now();
  const packDigest = await digestOf(head.manifestText);
  // In a worker when the page gives one (remote-saver.ts), else on the page.
  const save = options.saveWith
    ? options.saveWith(report)
    : await createSaver(db, report, { budgetBytes: await budgetOf(options) });
  // Each article is parsed into its own template of one inert document.
  const { DOMParser } = options.win as Window & typeof globalThis;
  const inert = new DOMParser().parseFromString('<!doctype html>', 'text/html');
  const seen = new Set<string>();
  const placeholder = newPlaceholder();
  const build = async (meta: PackArticleMeta, chunk: ScannedArticle): Promise<Built> => {
    if ('refused' in chunk) return chunk.refused;
    const template = inert.createElement('template');
    // The pictures' base64 is taken out before the HTML parser reads the article (issue #17).
    const aside = setPicturesAside(chunk.bytes, placeholder);
    let pictures = aside.pictures;
    template.innerHTML = aside.html;
    if (pictures.size && !allPlaced(template.content, pictures)) {
      // Some placeholder is not an element's src (a stranger's markup): parsed as it is.
      template.innerHTML = decodeArticle(chunk.bytes);
      pictures = new Map();
    }
    const article = template.content.querySelector('article[data-vp]');
    const body =
      article?.getAttribute('data-vp') === meta.key ? article.querySelector('div[data-vp-body]') : null;
    return body
      ? buildArticle(meta, body, options.win, now, packDigest, head.signer, pictures)
      : 'article body missing';
  };
  // A few articles are prepared at once (issue #17): each one's parsing, pictures and sanitizing
  // run as it is read, while the asynchronous rest — its id's digest, its compression — of the
  // ones before it is still under way. They are saved in the file's order, so which copy of an
  // address is kept is decided as one at a time would decide it.
  const ahead: { meta: PackArticleMeta; built: Promise<Built> }[] = [];
  const saveOldest = async () => {
    const { meta, built } = ahead.shift()!;
    await save(meta, await built);
  };
  const take = async (chunk: ScannedArticle) => {
    const meta = metas.get(chunk.key);
    // An article the manifest does not list, or a second copy of one, is not read.
    if (!meta || seen.has(chunk.key)) return;
    seen.add(chunk.key);
    const built = build(meta, chunk);
    // Its failure is met when it is awaited, in its turn, not reported as unhandled meanwhile.
    built.catch(() => undefined);
    ahead.push({ meta, built });
    while (ahead.length > PREPARED_AHEAD) await saveOldest();
  };
  const scanner = new ArticleScanner(MAX_ARTICLE_BYTES);
  try {
    // Read as bytes: only each article's HTML is decoded, never its pictures' base64 (pack-scanner.ts).
    const reader = file.slice(0, head.prefixBytes).stream().getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const chunk of scanner.push(value)) await take(chunk);
    }
  } catch (error) {
    // What was prepared before the failure is still saved, as before it was prepared ahead.
    while (ahead.length) await saveOldest().catch(() => undefined);
    await save.flush();
    report.rejected.push({ reason: `file unreadable: ${String(error).slice(0, 200)}` });
    return report;
  }
  for (const chunk of scanner.end()) await take(chunk);
  while (ahead.length) await saveOldest();
  await save.flush();
  for (const meta of metas.values())
    if (!seen.has(meta.key)) report.rejected.push({ title: meta.title, reason: 'article body missing' });
  return report;
}

/**
 * One article may be this many bytes: its HTML (up to 3 bytes of UTF-8 a character), its pictures
 * as base64, and some slack — at least as many as the characters the text scanner allowed
 * before, so no article read then is refused now; the HTML's own cap is checked after parsing.
 */
const MAX_ARTICLE_BYTES =
  3 * PACK_LIMITS.articleHtmlChars + Math.ceil((PACK_LIMITS.imageBytesPerArticle * 4) / 3) + 3 * 64 * 1024;

function newReport(rejected: ImportReport['rejected'], signer: PackPublisher | undefined): ImportReport {
  return {
    ok: true,
    imported: [],
    duplicates: [],
    rejected: [...rejected],
    evicted: 0,
    ...(signer ? { signer } : {}),
  };
}

/** Articles prepared ahead of the one being handed to the saver. */
const PREPARED_AHEAD = 8;

/** A version-1 pack (or a file that is not a version-2 one), read whole as before issue #17. */
async function importWholeFile(
  db: Database,
  file: Blob,
  options: { win: Window; budgetBytes?: number; now?: number },
): Promise<ImportReport | ImportFailure> {
  if (file.size > PACK_LIMITS.legacyFileBytes)
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
  // Markers and block hashes are what make a version-2 file safe to stream; read whole, the
  // version-2 signature element is not what checkPackSignature checked.
  if (checked.manifest.version !== LEGACY_PACK_VERSION)
    return { ok: false, reason: 'malformed', detail: 'version 2 pack that cannot be streamed' };

  const report = newReport(checked.rejected, signature.signer);
  const elements = new Map<string, Element>();
  for (const element of doc.querySelectorAll('article[data-vp]'))
    elements.set(element.getAttribute('data-vp') ?? '', element);
  const now = options.now ?? Date.now();
  const packDigest = await digestOf(manifestText);
  const save = await createSaver(db, report, { budgetBytes: await budgetOf(options) });

  const metas = checked.manifest.articles;
  const build = async (meta: PackArticleMeta | undefined) => {
    if (!meta) return undefined;
    const body = elements.get(meta.key)?.querySelector('div[data-vp-body]');
    if (!body) return 'article body missing';
    return buildArticle(meta, body, options.win, now, packDigest, signature.signer);
  };
  // The next article is prepared (sanitized, compressed) while this one is being written.
  let next = build(metas[0]);
  for (let i = 0; i < metas.length; i++) {
    const built = await next;
    next = build(metas[i + 1]);
    // Its failure is met when it is awaited, next turn, not reported as unhandled meanwhile.
    next.catch(() => undefined);
    await save(metas[i]!, built);
  }
  await save.flush();
  return report;
}

async function buildArticle(
  meta: PackArticleMeta,
  body: Element,
  win: Window,
  now: number,
  packDigest: string,
  signer: PackPublisher | undefined,
  pictures?: ReadonlyMap<string, { type: string; base64: string }>,
): Promise<{ article: ArticleRecord; images: NewImage[] } | string> {
  // Images first, where the body already is: the DOMParser document is inert (no browsing
  // context: nothing in it loads or runs), so it is worked on in place rather than serialized and
  // parsed again (issue #17). data: URIs become blobs filed under an http(s) address the
  // sanitizer keeps (the original one when the pack says it, else a made-up one).
  const images: NewImage[] = [];
  let imageBytes = 0;
  for (const [n, img] of [...body.querySelectorAll('img')].entries()) {
    const src = img.getAttribute('src') ?? '';
    const aside = pictures?.get(src);
    const decoded = aside ? decodePicture(aside.type, aside.base64) : decodeImage(src);
    const original = img.getAttribute('data-src') ?? '';
    img.removeAttribute('data-src');
    if (
      !decoded ||
      images.length >= PACK_LIMITS.imagesPerArticle ||
      decoded.bytes.byteLength > PACK_LIMITS.imageBytes ||
      imageBytes + decoded.bytes.byteLength > PACK_LIMITS.imageBytesPerArticle
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
    // Capped above as the pack gave it; stored at the size the reader shows it, as a capture
    // stores it (fit-image.ts): only a picture wider than that is decoded and redrawn.
    imageBytes += decoded.bytes.byteLength;
    // Stored as the bytes decoded, no Blob made (issue #17, fifth round: a Blob per picture was a
    // quarter of an import's time); only a picture to be redrawn goes through one.
    images.push(
      decoded.fits
        ? { url, bytes: ownBuffer(decoded.bytes), type: decoded.type }
        : { url, blob: (await fitImage(new Blob([decoded.bytes], { type: decoded.type }))).blob },
    );
  }
  // The HTML besides its pictures (which have their own caps above) is bounded. Its text alone
  // over the bound refuses it before sanitizing; else the bound is on the clean HTML, the form
  // stored, which is serialized anyway (the raw body is not serialized just to be measured).
  if ((body.textContent?.length ?? 0) > PACK_LIMITS.articleHtmlChars) return 'article too large';
  // Sanitized as the tree already parsed, and its text read from the clean tree (sanitize.ts).
  const clean = sanitizeArticleNode(body, meta.url, win);
  if (clean.html.length > PACK_LIMITS.articleHtmlChars) return 'article too large';
  const kept = images.filter((image) => clean.imageUrls.includes(image.url));
  const text = clean.text;
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
    // Compressed by the saver (pack-saver.ts), in the worker when there is one.
    html: clean.html,
    text,
    excerpt: text.slice(0, 300),
    imageKeys: [],
    bytes: 0,
    pinned: 0,
    read: 0,
  };
  return { article, images: kept };
}

const DATA_URI_HEAD = /^data:([a-z]+\/[a-z0-9.+-]+);base64,/i;

/**
 * A data: URI's picture. Only its short head is matched by a regular expression; the base64
 * (100+ KB a picture) is handed to the decoder, which refuses anything that is not base64 —
 * three regular-expression passes over it were a tenth of an import's time (issue #17).
 */
function decodeImage(src: string): DecodedPicture | undefined {
  const match = DATA_URI_HEAD.exec(src);
  if (!match) return undefined;
  return decodePicture(match[1]!, src.slice(match[0].length));
}

/** A picture from its declared type and its base64: every check an inline data: URI gets. */
function decodePicture(declared: string, data: string): DecodedPicture | undefined {
  const type = declared.toLowerCase();
  if (!PACK_IMAGE_TYPES.includes(type)) return undefined;
  let base64 = data;
  // 4 base64 characters are 3 bytes: refuse before decoding anything over the cap (whitespace,
  // which a hand-made pack may wrap its base64 with, is not counted).
  const over = (text: string) => (text.length / 4) * 3 > PACK_LIMITS.imageBytes + 3;
  if (over(base64)) {
    base64 = base64.replace(/\s+/g, '');
    if (over(base64)) return undefined;
  }
  const bytes = decodeBase64(base64, { whitespace: true });
  if (!bytes || !looksLike(type, bytes)) return undefined;
  const width = pictureWidth(bytes, type);
  // GIFs are kept as they are (animation); a width the header does not give is left to the decoder.
  const fits = type === 'image/gif' || (width !== undefined && width <= READER_IMAGE_MAX_WIDTH);
  return { type, bytes, fits };
}

interface DecodedPicture {
  /** The declared type, lower case, which the first bytes match. */
  type: string;
  bytes: Uint8Array<ArrayBuffer>;
  /** No wider than the reader shows (or a GIF): stored as it is. */
  fits: boolean;
}

/** The bytes' own buffer, copied only when the view is a part of a larger one. */
function ownBuffer(bytes: Uint8Array<ArrayBuffer>): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? bytes.buffer
    : bytes.slice().buffer;
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

/** The budget given, or the user's. */
async function budgetOf(options: { budgetBytes?: number }): Promise<number> {
  return options.budgetBytes ?? (await loadSettings()).library.budgetMb * MIB;
}

async function digestOf(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest).slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
