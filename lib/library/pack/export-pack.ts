import type { ArticleRecord, Database } from '../../db';
import { readArticleHtml } from '../compress';
import { listArticles } from '../reader-queries';
import { cleanUrl } from '../clean-url';
import {
  MANIFEST_ID,
  PACK_FORMAT,
  PACK_IMAGE_TYPES,
  PACK_VERSION,
  type PackArticleMeta,
  type PackManifest,
} from './format';
import { cspHash, escapeHtml, jsonForScript, PACK_SCRIPT, PACK_STYLE } from './pack-page';
import { dateFormatter } from '../../i18n';
import type { PackSigner } from '../../signing';
import { signPackHtml } from './signature';
import { encodeBase64 } from './base64';

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
  const ids = await selectArticleIds(db, selection);
  const metas: PackArticleMeta[] = [];
  const sections: string[] = [];
  const toc: string[] = [];
  let imageCount = 0;
  const date = dateFormatter(options.language, { style: 'long', time: false });
  // One inert template for every body: nothing in it runs or loads.
  const template = options.win.document.createElement('template');
  let count = 0;
  // One read of each article and its images, the next few asked for while this one is written
  // (a transaction's round trip is milliseconds; 1,000 of them in a row were seconds). Only
  // these few are held in memory, not the whole selection.
  const read = async (id: string | undefined): Promise<StoredArticle | undefined> => {
    if (id === undefined) return undefined;
    const tx = db.transaction(['articles', 'images']);
    const [article, images] = await Promise.all([
      tx.objectStore('articles').get(id),
      tx.objectStore('images').index('byArticle').getAll(id),
    ]);
    if (!article) return undefined;
    // The body's decompression and the pictures' bytes (files behind the database) are read
    // at once, while the previous article is being written.
    const raster = images.filter((i) => PACK_IMAGE_TYPES.includes(i.blob.type));
    const [html, bytes] = await Promise.all([
      readArticleHtml(article),
      Promise.all(raster.map((i) => i.blob.arrayBuffer())),
    ]);
    const inline = new Map(raster.map((i, n) => [i.url, { type: i.blob.type, bytes: bytes[n]! }]));
    return { article, html, images: inline };
  };
  const ahead: Promise<StoredArticle | undefined>[] = [];
  const ask = (id: string | undefined) => {
    const pending = read(id);
    // Its failure is met when it is awaited, in its turn, not reported as unhandled meanwhile.
    pending.catch(() => undefined);
    ahead.push(pending);
  };
  for (const id of ids.slice(0, READ_AHEAD)) ask(id);
  for (let i = 0; i < ids.length; i++) {
    const current = await ahead.shift();
    if (i + READ_AHEAD < ids.length) ask(ids[i + READ_AHEAD]);
    if (!current) continue;
    const { article } = current;
    const key = `a${++count}`;
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
    toc.push(`<li><a href="#${key}"${lang}>${escapeHtml(article.title)}</a></li>`);
    sections.push(
      `<article id="${key}" data-vp="${key}"${lang} dir="${article.dir ?? 'auto'}">` +
        `<h2>${escapeHtml(article.title)}</h2><p class="vp-meta">${meta}</p>` +
        `<p class="vp-meta">${escapeHtml(options.labels.savedFrom)} ${escapeHtml(url)}</p>` +
        `<div class="vp-body" data-vp-body>${body.html}</div></article>`,
    );
  }
  const manifest: PackManifest = {
    format: PACK_FORMAT,
    version: PACK_VERSION,
    createdAt: now,
    articles: metas,
  };
  const csp = [
    "default-src 'none'",
    'img-src data:',
    `style-src ${await cspHash(PACK_STYLE)}`,
    `script-src ${await cspHash(PACK_SCRIPT)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const labels = options.labels;
  const unsigned =
    `<!doctype html><html lang="${escapeHtml(options.language)}"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${csp}">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<meta name="referrer" content="no-referrer"><title>${escapeHtml(labels.title)}</title>` +
    `<style>${PACK_STYLE}</style></head><body><header><h1>${escapeHtml(labels.title)}</h1>` +
    `<p>${escapeHtml(labels.summary.replace('$1', String(count)).replace('$2', date.format(now)))}</p>` +
    `<p class="vp-note">${escapeHtml(labels.note)}</p>` +
    `<p id="vp-search" hidden><label for="vp-q">${escapeHtml(labels.search)}</label> ` +
    `<input id="vp-q" type="search"> <span id="vp-count" role="status" data-template="${escapeHtml(labels.shown)}"></span></p>` +
    `</header><nav><h2>${escapeHtml(labels.contents)}</h2><ol id="vp-toc">${toc.join('')}</ol></nav>` +
    `<main>${sections.join('\n')}</main>` +
    `<script type="application/json" id="${MANIFEST_ID}">${jsonForScript(manifest)}</script>` +
    `<script>${PACK_SCRIPT}</script></body></html>`;
  // Signed last, over the finished file: nothing is added after the signature but itself.
  const html = options.signer ? await signPackHtml(unsigned, options.signer) : unsigned;
  return {
    blob: new Blob([html], { type: 'text/html' }),
    articles: count,
    images: imageCount,
    signed: Boolean(options.signer),
  };
}

async function selectArticleIds(db: Database, selection: PackSelection): Promise<string[]> {
  if (selection.kind === 'ids') return selection.ids;
  const filter =
    selection.kind === 'source'
      ? { kind: 'source' as const, sourceId: selection.sourceId }
      : { kind: selection.kind };
  const { articles } = await listArticles(db, filter, Number.MAX_SAFE_INTEGER);
  return articles.map((a) => a.id);
}

/** Articles read ahead of the one being written. */
const READ_AHEAD = 4;

interface StoredArticle {
  article: ArticleRecord;
  html: string;
  /** Raster pictures by the address the body names them with. */
  images: Map<string, { type: string; bytes: ArrayBuffer }>;
}

/** The stored (sanitized) body with the library's images inlined; one without a stored copy is dropped. */
function packBody(
  html: string,
  images: StoredArticle['images'],
  template: HTMLTemplateElement,
): { html: string; images: number } {
  const doc = template.ownerDocument;
  template.innerHTML = html;
  let count = 0;
  for (const img of [...template.content.querySelectorAll('img')]) {
    const src = img.getAttribute('src') ?? '';
    const image = images.get(src);
    if (!image) {
      const alt = img.getAttribute('alt')?.trim();
      if (alt) img.replaceWith(doc.createTextNode(`[${alt}]`));
      else img.remove();
      continue;
    }
    img.setAttribute('src', `data:${image.type};base64,${encodeBase64(new Uint8Array(image.bytes))}`);
    // Where the image came from, so an importer files it under the same address.
    img.setAttribute('data-src', src);
    count++;
  }
  return { html: template.innerHTML, images: count };
}
