// Bundled by bench/library-save.ts (--chromium) and run in a real Chromium page: the same code
// the offscreen document runs, timed against Blink's DOM and Chromium's IndexedDB.
import { openDatabase, type ArticleRecord } from '../lib/db';
import { packHtml, processPage, articleIdFor, saveArticle } from '../lib/library';

(globalThis as unknown as { benchSave: unknown }).benchSave = async (
  html: string,
  url: string,
  fetchedAt: number,
) => {
  const db = await openDatabase('bench');
  const t0 = performance.now();
  const page = processPage(html, url, window);
  const t1 = performance.now();
  if (!page.ok) return { ok: false, reason: page.reason };
  const article: ArticleRecord = {
    id: await articleIdFor(page.canonicalUrl),
    url,
    canonicalUrl: page.canonicalUrl,
    sourceId: 'bench',
    title: page.title,
    fetchedAt,
    html: await packHtml(page.html),
    text: page.text,
    excerpt: page.excerpt,
    imageKeys: [],
    bytes: 0,
    pinned: 0,
    read: 0,
  };
  const saved = await saveArticle(db, article, [], { budgetBytes: 10_000 * 1024 * 1024 });
  const t2 = performance.now();
  if (!saved.ok) return { ok: false, reason: saved.reason };
  return {
    ok: true,
    extract: t1 - t0,
    store: t2 - t1,
    text: new TextEncoder().encode(page.text).length,
    stored: saved.article.bytes,
    gzipped: typeof article.html !== 'string',
  };
};
