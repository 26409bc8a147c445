import type { ArticleRecord, Database, ImageRecord } from '../../db';
import { readArticleHtml } from '../compress';
import { listArticles } from '../reader-queries';
import { cleanUrl } from '../clean-url';
import { sanitizeArticleHtml } from '../sanitize';
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
 * reader): every body is sanitized again, images become data: URIs (raster types only), and
 * nothing about the person exporting — no name, device, settings or reading marks — goes in.
 */
export async function exportPack(
  db: Database,
  selection: PackSelection,
  options: { win: Window; labels: PackLabels; language: string; now?: number; signer?: PackSigner },
): Promise<ExportedPack> {
  const now = options.now ?? Date.now();
  const records = await selectArticles(db, selection);
  const metas: PackArticleMeta[] = [];
  const sections: string[] = [];
  const toc: string[] = [];
  let imageCount = 0;
  const date = dateFormatter(options.language, { style: 'long', time: false });
  for (const [n, article] of records.entries()) {
    const key = `a${n + 1}`;
    const images = await db.getAllFromIndex('images', 'byArticle', article.id);
    const body = await packBody(await readArticleHtml(article), article.url, images, options.win);
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
    `<p>${escapeHtml(labels.summary.replace('$1', String(records.length)).replace('$2', date.format(now)))}</p>` +
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
    articles: records.length,
    images: imageCount,
    signed: Boolean(options.signer),
  };
}

async function selectArticles(db: Database, selection: PackSelection): Promise<ArticleRecord[]> {
  if (selection.kind === 'ids') {
    const found = await Promise.all(selection.ids.map((id) => db.get('articles', id)));
    return found.filter((a): a is ArticleRecord => a !== undefined);
  }
  const filter =
    selection.kind === 'source'
      ? { kind: 'source' as const, sourceId: selection.sourceId }
      : { kind: selection.kind };
  const { articles } = await listArticles(db, filter, Number.MAX_SAFE_INTEGER);
  const found = await Promise.all(articles.map((a) => db.get('articles', a.id)));
  return found.filter((a): a is ArticleRecord => a !== undefined);
}

/** Sanitized body with the library's images inlined; an image without a stored copy is dropped. */
async function packBody(
  html: string,
  baseUrl: string,
  images: ImageRecord[],
  win: Window,
): Promise<{ html: string; images: number }> {
  const clean = sanitizeArticleHtml(html, baseUrl, win);
  const template = win.document.createElement('template');
  template.innerHTML = clean.html;
  const blobs = new Map(
    images.filter((i) => PACK_IMAGE_TYPES.includes(i.blob.type)).map((i) => [i.url, i.blob]),
  );
  let count = 0;
  for (const img of [...template.content.querySelectorAll('img')]) {
    const src = img.getAttribute('src') ?? '';
    const blob = blobs.get(src);
    if (!blob) {
      const alt = img.getAttribute('alt')?.trim();
      if (alt) img.replaceWith(win.document.createTextNode(`[${alt}]`));
      else img.remove();
      continue;
    }
    img.setAttribute('src', await dataUri(blob));
    // Where the image came from, so an importer files it under the same address.
    img.setAttribute('data-src', src);
    count++;
  }
  return { html: template.innerHTML, images: count };
}

async function dataUri(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:${blob.type};base64,${btoa(binary)}`;
}
