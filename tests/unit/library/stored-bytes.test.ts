import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { openDatabase, type ArticleRecord, type Database } from '../../../lib/db';
import { readArticleHtml, storedHtmlBytes } from '../../../lib/library/compress';
import { packHtml } from '../../../lib/library/pack-html';
import { exportPack, importPack } from '../../../lib/library/pack';
import { openArticle, renderArticle } from '../../../lib/library/render-article';
import { saveArticle } from '../../../lib/library/store';
import { USAGE_KEY } from '../../../lib/library/usage';
import { PACK_LABELS, PNG_1X1 } from './pack-fixture';

// Issue #17, fifth round: bodies' gzip and a pack's pictures are stored as bytes, not Blobs (a
// Blob per picture was a quarter of an import's time, and a file of its own in Chromium's
// IndexedDB); records an older version wrote with Blobs still read, count and export.

const { window } = new JSDOM('<!doctype html><body></body>', { url: 'chrome-extension://x/reader.html' });
const win = window as unknown as Window;
const doc = window.document;
const fresh = () => openDatabase(`bytes-${Math.random()}`);
const labels = PACK_LABELS;
const PNG = new Uint8Array(PNG_1X1);
const LONG = `<p>${'Свободная пресса — это воздух. '.repeat(400)}</p>`;

function article(id: string, over: Partial<ArticleRecord> = {}): ArticleRecord {
  const url = `https://news.example/${id}`;
  return {
    id,
    url,
    canonicalUrl: url,
    sourceId: 'feed-1',
    title: `Article ${id}`,
    fetchedAt: 1_700_000_000_000,
    html: '<p>text</p>',
    text: 'text',
    excerpt: 'text',
    imageKeys: [],
    bytes: 0,
    pinned: 0,
    read: 0,
    ...over,
  };
}

const gzipBlob = async (html: string) =>
  new Response(new Blob([html]).stream().pipeThrough(new CompressionStream('gzip'))).blob();

/** An article as a version before the fifth round wrote it: the gzip body and its picture as Blobs. */
async function putOldRecord(db: Database, id: string) {
  const gzip = await gzipBlob(LONG);
  const picture = new Blob([PNG], { type: 'image/png' });
  await db.put('images', {
    key: `${id}/0`,
    articleId: id,
    url: 'https://img.example/old.png',
    blob: picture,
  });
  await db.put(
    'articles',
    article(id, {
      html: { gzip },
      text: 'old',
      imageKeys: [`${id}/0`],
      bytes: gzip.size + 3 + picture.size,
    }),
  );
}

describe('bodies and pack pictures stored as bytes', () => {
  it('a long body is stored gzipped as bytes, counted at their length and read back unchanged', async () => {
    const packed = await packHtml(LONG);
    if (typeof packed === 'string') throw new Error('not compressed');
    expect(packed.gzip).toBeInstanceOf(ArrayBuffer);
    const gzip = packed.gzip as ArrayBuffer;
    expect(storedHtmlBytes(packed)).toBe(gzip.byteLength);
    const db = await fresh();
    const saved = await saveArticle(db, article('b1', { html: packed }), [], { budgetBytes: 1e9 });
    if (!saved.ok) throw new Error(saved.reason);
    expect(saved.article.bytes).toBe(gzip.byteLength + 4);
    expect(await readArticleHtml((await db.get('articles', 'b1'))!)).toBe(LONG);
  });

  it('a pack import stores each picture as its bytes and type, not as a Blob, and the budget counts the bytes', async () => {
    const from = await fresh();
    const saved = await saveArticle(
      from,
      article('p1', { html: '<p>Фото</p><img src="https://img.example/1.png" alt="фото">', text: 'Фото' }),
      [{ url: 'https://img.example/1.png', blob: new Blob([PNG], { type: 'image/png' }) }],
      { budgetBytes: 1e9 },
    );
    if (!saved.ok) throw new Error(saved.reason);
    const pack = await exportPack(from, { kind: 'all' }, { win, labels, language: 'en' });
    const to = await fresh();
    const report = await importPack(to, pack.blob, { win, budgetBytes: 1e9 });
    if (!report.ok) throw new Error(report.reason);
    const [image] = await to.getAll('images');
    expect(image && 'blob' in image).toBe(false);
    if (!image || !('bytes' in image)) throw new Error('no picture stored as bytes');
    expect(image.bytes).toBeInstanceOf(ArrayBuffer);
    expect(image.type).toBe('image/png');
    expect(new Uint8Array(image.bytes)).toEqual(PNG);
    const [stored] = await to.getAll('articles');
    expect(stored!.bytes).toBe(
      storedHtmlBytes(stored!.html) + new TextEncoder().encode(stored!.text).byteLength + PNG.length,
    );
    expect((await to.get('libraryMeta', USAGE_KEY))?.value).toBe(stored!.bytes);
  });

  it('a picture stored as bytes is shown from an object URL; one whose type is not an image is not', async () => {
    const db = await fresh();
    await saveArticle(
      db,
      article('r1', {
        html: '<img src="https://img.example/a.png" alt="a"><img src="https://img.example/b.png" alt="b">',
      }),
      [
        { url: 'https://img.example/a.png', bytes: PNG.slice().buffer, type: 'image/png' },
        {
          url: 'https://img.example/b.png',
          bytes: new TextEncoder().encode('<svg onload=alert(1)>').buffer,
          type: 'text/html',
        },
      ],
      { budgetBytes: 1e9 },
    );
    const rendered = renderArticle((await openArticle(db, 'r1'))!, doc);
    expect(rendered.objectUrls).toHaveLength(1);
    expect(rendered.missingImages).toBe(1);
    for (const url of rendered.objectUrls) URL.revokeObjectURL(url);
  });

  it('refuses a picture given as bytes without a type, or as something that is not bytes', async () => {
    const db = await fresh();
    const refused = await saveArticle(
      db,
      article('x1'),
      [{ url: 'https://img.example/a.png', bytes: 'AAAA' as unknown as ArrayBuffer, type: 'image/png' }],
      { budgetBytes: 1e9 },
    );
    expect(refused).toMatchObject({ ok: false, reason: 'invalid' });
    const untyped = await saveArticle(
      db,
      article('x2'),
      [{ url: 'https://img.example/a.png', bytes: PNG.slice().buffer } as never],
      { budgetBytes: 1e9 },
    );
    expect(untyped).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('an article an older version stored with a gzip Blob and a picture Blob still opens, renders and exports', async () => {
    const db = await fresh();
    await putOldRecord(db, 'o1');
    const opened = await openArticle(db, 'o1');
    expect(opened!.html).toBe(LONG);
    const rendered = renderArticle(
      { ...opened!, html: `${opened!.html}<img src="https://img.example/old.png" alt="old">` },
      doc,
    );
    expect(rendered.objectUrls).toHaveLength(1);
    for (const url of rendered.objectUrls) URL.revokeObjectURL(url);
    const pack = await exportPack(db, { kind: 'all' }, { win, labels, language: 'en' });
    const text = await pack.blob.text();
    expect(text).toContain('Свободная пресса');
    expect(pack.articles).toBe(1);
  });
});
