import type { ArticleRecord, Database } from '../../db';
import { readArticleHtml } from '../compress';
import { pictureBytes, pictureType } from '../stored-picture';
import { listArticles } from '../reader-queries';
import { cleanUrl } from '../clean-url';
import {
  MANIFEST_ID,
  PACK_FORMAT,
  PACK_IMAGE_TYPES,
  PACK_LIMITS,
  PACK_VERSION,
  type PackArticleMeta,
  type PackManifest,
} from './format';
import { cspHash, escapeHtml, jsonForScript, PACK_SCRIPT, PACK_STYLE } from './pack-page';
import { dateFormatter } from '../../i18n';
import type { PackSigner } from '../../signing';
import { SIGNED_TRAILER, signatureElementV2 } from './signature';
import { createBlockWriter } from './block-writer';
import { ARTICLE_MARKER, END_MARKER } from './pack-scanner';
import { packBody, type InlineImages } from './pack-body';

export type PackSelection =
  | { kind: 'all' }
  | { kind: 'pinned' }
  | { kind: 'source'; sourceId: string }
  | { kind: 'ids'; ids: string[] };

/** The pack page's own words, in the exporting user's language. */
export interface PackLabels {
  title: string;
  /** "$1 articles, saved $2" */
  summary: string;
  contents: string;
  search: string;
  /** "Shown: $1" */
  shown: string;
  savedFrom: string;
  note: string;
}

export interface ExportedPack {
  blob: Blob;
  articles: number;
  images: number;
  /** True when the file carries the publisher's signature. */
  signed: boolean;
}

/**
 * Write the selected articles as one self-contained HTML file. Runs in a page with a DOM (the
 * reader): bodies go out as the library stored them — every one was sanitized when it was saved
 * (store.ts callers; an import sanitizes again, since a pack is a stranger's file), so sanitizing
 * again here only cost time (31% of an export, issue #17). Images become data: URIs (raster types
 * only), and nothing about the person exporting — no name, device, settings or reading marks —
 * goes in. Each article and its images are read once, in one transaction per article.
 */
export async function exportPack(
  db: Database,
  selection: PackSelection,
  options: { win: Window; labels: PackLabels; language: string; now?: number; signer?: PackSigner },
): Promise<ExportedPack> {
  const now = options.now ?? Date.now();
  const selected = await selectArticles(db, selection);
  // No file the importer would refuse (issue #17): past its article limit, nothing is written.
  if (selected.length > PACK_LIMITS.articles) throw new PackTooLargeError(selected.length);
  const metas: PackArticleMeta[] = [];
  let imageCount = 0;
  const date = dateFormatter(options.language, { style: 'long', time: false });
  // One inert template for every body: nothing in it runs or loads.
  const template = options.win.document.createElement('template');
  let count = 0;
  // Written in pieces (block-writer.ts): the page holds one 1 MiB block and the articles read
  // ahead, never the whole file; each block is hashed as it is cut when the pack is signed.
  const out = createBlockWriter({ hash: Boolean(options.signer) });
  const csp = [
    "default-src 'none'",
    'img-src data:',
    `style-src ${await cspHash(PACK_STYLE)}`,
    `script-src ${await cspHash(PACK_SCRIPT)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const labels = options.labels;
  // The contents come first in the file, so the titles are read first (summaries: no bodies).
  const toc = selected
    .map(({ title, language }, n) => {
      const lang = language ? ` lang="${escapeHtml(language)}"` : '';
      return `<li><a href="#a${n + 1}"${lang}>${escapeHtml(title)}</a></li>`;
    })
    .join('');
  out.write(
    `<!doctype html><html lang="${escapeHtml(options.language)}"><head><meta charset="utf-8">` +
      `<meta http-equiv="Content-Security-Policy" content="${csp}">` +
      '<meta name="viewport" content="width=device-width, initial-scale=1">' +
      `<meta name="referrer" content="no-referrer"><title>${escapeHtml(labels.title)}</title>` +
      `<style>${PACK_STYLE}</style></head><body><header><h1>${escapeHtml(labels.title)}</h1>` +
      `<p>${escapeHtml(labels.summary.replace('$1', String(selected.length)).replace('$2', date.format(now)))}</p>` +
      `<p class="vp-note">${escapeHtml(labels.note)}</p>` +
      `<p id="vp-search" hidden><label for="vp-q">${escapeHtml(labels.search)}</label> ` +
      `<input id="vp-q" type="search"> <span id="vp-count" role="status" data-template="${escapeHtml(labels.shown)}"></span></p>` +
      `</header><nav><h2>${escapeHtml(labels.contents)}</h2><ol id="vp-toc">${toc}</ol></nav><main>`,
  );
  const ids = selected.map((article) => article.id);
  // Each article and its images read once, READ_GROUP to a transaction, the next groups asked
  // for while this one is written (a transaction's round trip is milliseconds; one an article
  // kept the export waiting on the database for half its time, issue #17, ninth round). Only
  // these few are held in memory, not the whole selection.
  const readGroup = (group: string[]): Promise<StoredArticle | undefined>[] => {
    const tx = db.transaction(['articles', 'images']);
    const articles = tx.objectStore('articles');
    const byArticle = tx.objectStore('images').index('byArticle');
    return group.map(async (id) => {
      const [article, images] = await Promise.all([articles.get(id), byArticle.getAll(id)]);
      if (!article) return undefined;
      // The body's decompression and the pictures' bytes (files behind the database) are read
      // at once, while the articles before it are being written.
      const raster = images.filter((i) => PACK_IMAGE_TYPES.includes(pictureType(i)));
      const [html, bytes] = await Promise.all([
        readArticleHtml(article),
        Promise.all(raster.map((i) => pictureBytes(i))),
      ]);
      const inline = new Map(raster.map((i, n) => [i.url, { type: pictureType(i), bytes: bytes[n]! }]));
      return { article, html, images: inline };
    });
  };
  const ahead: Promise<StoredArticle | undefined>[] = [];
  let asked = 0;
  const askAhead = () => {
    while (asked < ids.length && ahead.length + READ_GROUP <= READ_AHEAD) {
      const group = ids.slice(asked, asked + READ_GROUP);
      asked += group.length;
      for (const pending of readGroup(group)) {
        // Its failure is met when it is awaited, in its turn, not reported as unhandled meanwhile.
        pending.catch(() => undefined);
        ahead.push(pending);
      }
    }
  };
  askAhead();
  for (let i = 0; i < ids.length; i++) {
    const current = await ahead.shift();
    askAhead();
    if (!current) continue;
    const { article } = current;
    count++;
    // The key matches the contents' link, made from the same list.
    const key = `a${i + 1}`;
    const body = packBody(current.html, current.images, template);
    imageCount += body.images;
    // Articles stored before addresses were cleaned still carry them: cleaned on the way out.
    const url = cleanUrl(article.url);
    metas.push({
      key,
      url,
      canonicalUrl: cleanUrl(article.canonicalUrl),
      title: article.title,
      ...(article.byline ? { byline: article.byline } : {}),
      ...(article.siteName ? { siteName: article.siteName } : {}),
      ...(article.language ? { language: article.language } : {}),
      ...(article.dir ? { dir: article.dir } : {}),
      ...(article.publishedAt ? { publishedAt: article.publishedAt } : {}),
      fetchedAt: article.fetchedAt,
    });
    const lang = article.language ? ` lang="${escapeHtml(article.language)}"` : '';
    const meta = [article.byline, article.siteName, date.format(article.publishedAt ?? article.fetchedAt)]
      .filter(Boolean)
      .map((part) => escapeHtml(String(part)))
      .join(' · ');
    out.write(
      `\n${ARTICLE_MARKER}${key}-->` +
        `<article id="${key}" data-vp="${key}"${lang} dir="${article.dir ?? 'auto'}">` +
        `<h2>${escapeHtml(article.title)}</h2><p class="vp-meta">${meta}</p>` +
        `<p class="vp-meta">${escapeHtml(labels.savedFrom)} ${escapeHtml(url)}</p>` +
        `<div class="vp-body" data-vp-body>`,
    );
    // Piece by piece: a picture's base64 is never copied into one string with the text around it.
    for (const part of body.parts) out.write(part);
    out.write('</div></article>');
  }
  const manifest: PackManifest = {
    format: PACK_FORMAT,
    version: PACK_VERSION,
    createdAt: now,
    articles: metas,
  };
  const manifestJson = jsonForScript(manifest);
  if (manifestJson.length > PACK_LIMITS.manifestChars) throw new PackTooLargeError(count);
  out.write(
    `\n${END_MARKER}</main>` +
      `<script type="application/json" id="${MANIFEST_ID}">${manifestJson}</script>` +
      `<script>${PACK_SCRIPT}</script>`,
  );
  // Signed last, over the finished prefix: nothing follows the signature but the fixed trailer.
  let parts: Blob[];
  if (options.signer) {
    const written = await out.finish();
    const element = await signatureElementV2(options.signer, written.bytes, written.digests);
    parts = [...written.parts, new Blob([element + SIGNED_TRAILER])];
  } else {
    out.write('</body></html>');
    parts = (await out.finish()).parts;
  }
  return {
    blob: new Blob(parts, { type: 'text/html' }),
    articles: count,
    images: imageCount,
    signed: Boolean(options.signer),
  };
}

/** A selection with more articles than an import accepts: split it (kept pages, one source). */
export class PackTooLargeError extends Error {
  constructor(readonly articles: number) {
    super(`${articles} articles: a pack holds at most ${PACK_LIMITS.articles}`);
  }
}

async function selectArticles(
  db: Database,
  selection: PackSelection,
): Promise<{ id: string; title: string; language?: string }[]> {
  if (selection.kind === 'ids') {
    const tx = db.transaction('articles');
    const found = await Promise.all(selection.ids.map((id) => tx.store.get(id)));
    return found.filter((a): a is ArticleRecord => a !== undefined);
  }
  const filter =
    selection.kind === 'source'
      ? { kind: 'source' as const, sourceId: selection.sourceId }
      : { kind: selection.kind };
  const { articles } = await listArticles(db, filter, Number.MAX_SAFE_INTEGER);
  return articles;
}

/** Articles read ahead of the one being written… */
const READ_AHEAD = 16;
/** …READ_GROUP to a transaction. */
const READ_GROUP = 8;

interface StoredArticle {
  article: ArticleRecord;
  html: string;
  /** Raster pictures by the address the body names them with. */
  images: InlineImages;
}
