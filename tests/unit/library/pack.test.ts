import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { openDatabase, type ArticleRecord, type Database } from '../../../lib/db';
import { readArticleHtml } from '../../../lib/library/compress';
import { exportPack, importPack, PACK_LIMITS, PackTooLargeError } from '../../../lib/library/pack';
import { saveArticle } from '../../../lib/library/store';
import { PACK_LABELS, PNG_1X1 } from './pack-fixture';

const { window } = new JSDOM('<!doctype html><body></body>', { url: 'chrome-extension://x/reader.html' });
const win = window as unknown as Window;
const fresh = () => openDatabase(`pack-${Math.random()}`);
const labels = PACK_LABELS;
const PNG = PNG_1X1;
const corpusHtml = (name: string) => readFileSync(`tests/fixtures/pages/${name}/expected.html`, 'utf8');

let n = 0;
async function save(db: Database, over: Partial<ArticleRecord>, images: { url: string; blob: Blob }[] = []) {
  n++;
  const url = over.canonicalUrl ?? `https://news.example/${n}`;
  const saved = await saveArticle(
    db,
    {
      id: `p${n}`,
      url,
      canonicalUrl: url,
      sourceId: 'feed-1',
      title: `Article ${n}`,
      fetchedAt: 1_700_000_000_000 + n,
      html: '<p>text</p>',
      text: 'text',
      excerpt: 'text',
      imageKeys: [],
      bytes: 0,
      pinned: 0,
      read: 1,
      ...over,
    },
    images,
    { budgetBytes: 1e9 },
  );
  if (!saved.ok) throw new Error(saved.reason);
  return saved.article;
}
const exported = async (db: Database, selection: Parameters<typeof exportPack>[1] = { kind: 'all' }) =>
  exportPack(db, selection, { win, labels, language: 'en', now: 1_800_000_000_000 });
const text = (blob: Blob) => blob.text();
const fileOf = (html: string) => new Blob([html], { type: 'text/html' });

describe('exportPack', () => {
  it('writes one self-contained page: articles readable without script, images inline, a hashed CSP', async () => {
    const db = await fresh();
    await save(db, { title: 'Obama and guns', html: corpusHtml('bbc-1'), language: 'en' });
    await save(
      db,
      {
        title: 'Алматы без связи',
        html: '<p>Жители остались без интернета.</p><img src="https://img.example/1.png" alt="фото"><img src="https://img.example/gone.png" alt="нет">',
        language: 'ru',
      },
      [{ url: 'https://img.example/1.png', blob: new Blob([PNG], { type: 'image/png' }) }],
    );
    await save(db, { title: 'עברית', html: '<p>שלום עולם</p>', language: 'he', dir: 'rtl' });
    const pack = await exported(db);
    expect(pack).toMatchObject({ articles: 3, images: 1 });
    const html = await text(pack.blob);
    const doc = new JSDOM(html).window.document;
    const csp = doc.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')!;
    expect(csp).toMatch(
      /default-src 'none'; img-src data:; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'/,
    );
    expect(csp).not.toMatch(/unsafe/);
    expect([...doc.querySelectorAll('article[data-vp] > h2')].map((h) => h.textContent)).toEqual([
      'עברית',
      'Алматы без связи',
      'Obama and guns',
    ]);
    expect(doc.querySelector('article[lang=he]')!.getAttribute('dir')).toBe('rtl');
    const img = doc.querySelector('article img')!;
    expect(img.getAttribute('src')).toMatch(/^data:image\/png;base64,iVBOR/);
    expect(doc.body.textContent).toContain('[нет]');
    // Nothing that points at the web loads: the only src/href are data: images and in-page links.
    for (const el of doc.querySelectorAll('[src]')) expect(el.getAttribute('src')).toMatch(/^data:image\//);
    // No reading marks or ids of the exporting library.
    expect(html).not.toMatch(/"read"|"pinned"|"sourceId"|feed-1|"p\d+"/);
  });

  it('exports only the selection: kept pages, one source, given ids', async () => {
    const db = await fresh();
    const a = await save(db, { title: 'Kept', pinned: 1 });
    await save(db, { title: 'Other source', sourceId: 'feed-2' });
    const c = await save(db, { title: 'Third' });
    expect((await exported(db, { kind: 'pinned' })).articles).toBe(1);
    expect((await exported(db, { kind: 'source', sourceId: 'feed-2' })).articles).toBe(1);
    expect((await exported(db, { kind: 'ids', ids: [a.id, c.id, 'nope'] })).articles).toBe(2);
  });
});

describe('importPack', () => {
  it('round trip: a friend’s library gets the articles, text, language, direction and images', async () => {
    const from = await fresh();
    await save(
      from,
      {
        title: 'Алматы без связи',
        html: '<p>Жители остались без интернета.</p><img src="https://img.example/1.png" alt="фото">',
        language: 'ru',
      },
      [{ url: 'https://img.example/1.png', blob: new Blob([PNG], { type: 'image/png' }) }],
    );
    await save(from, { title: 'RTL', html: '<p>שלום</p>', language: 'he', dir: 'rtl' });
    await save(from, { title: 'BBC', html: corpusHtml('bbc-1') });
    const pack = await exported(from);

    const to = await fresh();
    const report = await importPack(to, pack.blob, { win, budgetBytes: 1e9, now: 1_800_000_000_000 });
    if (!report.ok) throw new Error(report.reason);
    expect(report.imported.map((a) => a.title).sort()).toEqual(['BBC', 'RTL', 'Алматы без связи']);
    expect(report.rejected).toEqual([]);
    const articles = await to.getAll('articles');
    const ru = articles.find((a) => a.title === 'Алматы без связи')!;
    expect(ru).toMatchObject({
      sourceId: 'imported',
      language: 'ru',
      pinned: 0,
      read: 0,
      url: 'https://news.example/' + ru.url.split('/').pop(),
    });
    expect(ru.text).toContain('Жители остались без интернета');
    const images = await to.getAllFromIndex('images', 'byArticle', ru.id);
    expect(images.map((i) => [i.url, 'bytes' in i && i.type, 'bytes' in i && i.bytes.byteLength])).toEqual([
      ['https://img.example/1.png', 'image/png', PNG.length],
    ]);
    expect(await readArticleHtml(ru)).toContain('src="https://img.example/1.png"');
    expect(articles.find((a) => a.title === 'RTL')!.dir).toBe('rtl');
    expect(articles.find((a) => a.title === 'BBC')!.text).toContain('gun');

    // The same pack again: all duplicates, nothing changed.
    const again = await importPack(to, pack.blob, { win, budgetBytes: 1e9 });
    if (!again.ok) throw new Error(again.reason);
    expect(again.imported).toEqual([]);
    expect(again.duplicates).toHaveLength(3);
    expect(await to.count('articles')).toBe(3);
  });

  it('a tampered pack: scripts, handlers, javascript: links, SVG and fake images never get in', async () => {
    const from = await fresh();
    await save(from, { title: 'Payloads', html: '<p>Visible text</p>' });
    let html = await text((await exported(from)).blob);
    html = html.replace(
      '<p>Visible text</p>',
      '<p>Visible text</p><script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>' +
        '<svg onload="alert(4)"><script>alert(5)</script></svg><iframe src="https://evil.example/"></iframe>' +
        '<img src="data:image/png;base64,PGh0bWw+PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==" alt="fake png">' +
        '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoNyk+" alt="svg">' +
        '<img src="data:text/html;base64,PHNjcmlwdD5hbGVydCg4KTwvc2NyaXB0Pg==" alt="html">' +
        '<meta http-equiv="refresh" content="0;url=https://evil.example/"><form action="https://evil.example/"><input name=q></form>' +
        '<p style="background:url(https://evil.example/track)">styled</p>',
    );
    const to = await fresh();
    const report = await importPack(to, fileOf(html), { win, budgetBytes: 1e9 });
    if (!report.ok) throw new Error(report.reason);
    expect(report.imported).toHaveLength(1);
    const [article] = await to.getAll('articles');
    const stored = await readArticleHtml(article!);
    expect(stored).toContain('Visible text');
    expect(stored).not.toMatch(
      /script|onerror|onload|javascript:|<svg|<iframe|evil\.example|<meta|<form|style=|data:/i,
    );
    expect(await to.count('images')).toBe(0);
  });

  it('refuses what is not a pack, malformed or of another version, and files over the limit — library untouched', async () => {
    const to = await fresh();
    await save(to, { title: 'Already here' });
    const before = await to.getAll('articles');
    const valid = await text((await exported(await fresh())).blob);
    const cases: [string, Blob, string][] = [
      ['an ordinary page', fileOf('<!doctype html><p>hello</p>'), 'not-a-pack'],
      [
        'broken JSON',
        fileOf(valid.replace(/"format":"vantage-pack"/, '"format":"vantage-pack",,')),
        'malformed',
      ],
      ['another format', fileOf(valid.replace('"format":"vantage-pack"', '"format":"other"')), 'not-a-pack'],
      ['a future version', fileOf(valid.replace('"version":2', '"version":99')), 'wrong-version'],
      ['articles not a list', fileOf(valid.replace('"articles":[]', '"articles":{}')), 'malformed'],
      ['binary junk', new Blob([new Uint8Array(4096).map((_, i) => (i * 37) % 256)]), 'not-a-pack'],
    ];
    for (const [name, file, reason] of cases) {
      const report = await importPack(to, file, { win, budgetBytes: 1e9 });
      expect(report, name).toMatchObject({ ok: false, reason });
    }
    // Over the size limit: refused before a byte is read.
    const huge = {
      size: PACK_LIMITS.fileBytes + 1,
      text: () => Promise.reject(new Error('read')),
    } as unknown as Blob;
    expect(await importPack(to, huge, { win })).toMatchObject({ ok: false, reason: 'too-large' });
    expect(await to.getAll('articles')).toEqual(before);
  });

  it('rejects bad articles one by one with a reason and keeps the good ones', async () => {
    const from = await fresh();
    await save(from, { title: 'Good one', html: '<p>good</p>' });
    await save(from, { title: 'Bad url', html: '<p>bad</p>' });
    await save(from, { title: 'Future', html: '<p>future</p>' });
    let html = await text((await exported(from)).blob);
    const manifest = JSON.parse(
      html
        .match(/<script type="application\/json" id="vantage-pack">(.*?)<\/script>/s)![1]!
        .replace(/\\u003c/g, '<')
        .replace(/\\u003e/g, '>')
        .replace(/\\u0026/g, '&'),
    );
    for (const entry of manifest.articles) {
      if (entry.title === 'Bad url') entry.url = 'javascript:alert(1)';
      if (entry.title === 'Future') entry.fetchedAt = 9e15;
    }
    manifest.articles.push({
      key: 'ghost',
      url: 'https://x.example/',
      canonicalUrl: 'https://x.example/',
      title: 'No body',
      fetchedAt: 1,
    });
    manifest.articles.push({ key: 'x"><script>', title: 42 });
    html = html.replace(
      /(<script type="application\/json" id="vantage-pack">).*?(<\/script>)/s,
      `$1${JSON.stringify(manifest).replace(/</g, '\\u003c')}$2`,
    );
    const to = await fresh();
    const report = await importPack(to, fileOf(html), { win, budgetBytes: 1e9 });
    if (!report.ok) throw new Error(report.reason);
    expect(report.imported.map((a) => a.title)).toEqual(['Good one']);
    expect(report.rejected).toEqual(
      expect.arrayContaining([
        { title: 'Bad url', reason: 'address is not http(s)' },
        { title: 'Future', reason: 'bad fetchedAt' },
        { title: 'No body', reason: 'article body missing' },
        { reason: 'bad key' },
      ]),
    );
    expect(await to.count('articles')).toBe(1);
  });

  it('within the budget: what does not fit is rejected as over-budget, nothing half-written', async () => {
    const from = await fresh();
    for (let i = 0; i < 3; i++)
      await save(from, { title: `Big ${i}`, html: `<p>${'слово '.repeat(40_000)}${i}</p>` });
    const pack = await exported(from);
    const to = await fresh();
    await save(to, { title: 'Kept', pinned: 1, html: `<p>${'x'.repeat(100)}</p>` });
    const report = await importPack(to, pack.blob, { win, budgetBytes: 1 });
    if (!report.ok) throw new Error(report.reason);
    expect(report.imported).toEqual([]);
    expect(report.rejected.map((r) => r.reason)).toEqual(['over-budget', 'over-budget', 'over-budget']);
    expect((await to.getAll('articles')).map((a) => a.title)).toEqual(['Kept']);
    expect(await to.count('images')).toBe(0);
  });
});

describe('packs read as a stream (issue #17)', () => {
  it('a body cannot forge an article boundary: comments and "<!--" in attributes stay inside their article', async () => {
    const from = await fresh();
    await save(from, {
      title: 'Forger',
      html:
        '<p>before</p><!-- <!--vp:a2--> --><p title="x<!--vp:a2-->y">middle</p>' +
        '<article id="a2" data-vp="a2"><p>nested article</p></article><p>after</p>',
    });
    await save(from, { title: 'Second', html: '<p>second body</p>' });
    const html = await text((await exported(from)).blob);
    // Exactly one marker per article and one end marker.
    expect(html.match(/<!--vp:/g)).toHaveLength(2);
    expect(html.match(/<!--\/vp-->/g)).toHaveLength(1);
    // The attribute keeps its value, written so that it cannot read as a marker.
    expect(html).toMatch(/title="x&lt;!--vp:a2--(&gt;|>)y"/);
    const to = await fresh();
    const report = await importPack(to, fileOf(html), { win, budgetBytes: 1e9 });
    if (!report.ok) throw new Error(report.reason);
    expect(report.imported.map((a) => a.title).sort()).toEqual(['Forger', 'Second']);
    expect(report.rejected).toEqual([]);
    const forger = (await to.getAll('articles')).find((a) => a.title === 'Forger')!;
    expect(forger.text).toMatch(/before.*middle.*nested article.*after/);
  });

  it('a pack over the old 100 MB limit is imported, article by article', async () => {
    const from = await fresh();
    await save(from, { title: 'One', html: '<p>first</p>' });
    await save(from, { title: 'Two', html: '<p>second</p>' });
    const html = await text((await exported(from)).blob);
    // 101 MB of page around the articles (only a version-1 reader would have to hold it).
    const pad = ' '.repeat(101 * 1024 * 1024);
    const big = new Blob([html.slice(0, html.indexOf('</nav>')), pad, html.slice(html.indexOf('</nav>'))]);
    expect(big.size).toBeGreaterThan(100 * 1024 * 1024);
    const to = await fresh();
    const report = await importPack(to, big, { win, budgetBytes: 1e9 });
    if (!report.ok) throw new Error(report.reason);
    expect(report.imported.map((a) => a.title).sort()).toEqual(['One', 'Two']);
    // A version-1 file that size is still refused (it has to be read whole).
    const v1 = new Blob([html.replace('"version":2', '"version":1').replace('</nav>', `</nav>${pad}`)]);
    expect(await importPack(await fresh(), v1, { win })).toMatchObject({ ok: false, reason: 'too-large' });
  });

  it('no export the importer refuses: at the article limit it imports, over it nothing is written', async () => {
    const from = await fresh();
    for (let i = 0; i < 3; i++) await save(from, { title: `Limit ${i}`, html: `<p>body ${i}</p>` });
    const saved = PACK_LIMITS.articles;
    try {
      PACK_LIMITS.articles = 3;
      const pack = await exported(from);
      const report = await importPack(await fresh(), pack.blob, { win, budgetBytes: 1e9 });
      expect(report).toMatchObject({ ok: true, rejected: [] });
      expect(report.ok && report.imported).toHaveLength(3);
      PACK_LIMITS.articles = 2;
      await expect(exported(from)).rejects.toBeInstanceOf(PackTooLargeError);
    } finally {
      PACK_LIMITS.articles = saved;
    }
  });

  it("a stranger's stream: an oversized article, a second copy of a key and a mislabelled one are refused alone", async () => {
    const from = await fresh();
    for (const title of ['Good', 'Huge', 'Twin', 'Mislabelled'])
      await save(from, { title, html: `<p>${title} body</p>` });
    let html = await text((await exported(from)).blob);
    const keyOf = (title: string) =>
      new RegExp(`<!--vp:(a\\d+)--><article[^>]*><h2>${title}<`).exec(html)![1]!;
    const [huge, twin, mis] = [keyOf('Huge'), keyOf('Twin'), keyOf('Mislabelled')];
    html = html
      .replace('<p>Huge body</p>', `<p>${'x'.repeat(PACK_LIMITS.articleHtmlChars + 4 * 1024 * 1024)}</p>`)
      // A second article under Twin's key, after the first: only the first is read.
      .replace(
        '\n<!--/vp-->',
        `\n<!--vp:${twin}--><article id="${twin}" data-vp="${twin}"><div data-vp-body><p>impostor</p></div></article>\n<!--/vp-->`,
      )
      .replace(`<article id="${mis}" data-vp="${mis}"`, `<article id="${mis}" data-vp="zz"`);
    const to = await fresh();
    const report = await importPack(to, fileOf(html), { win, budgetBytes: 1e9 });
    if (!report.ok) throw new Error(report.reason);
    expect(report.imported.map((a) => a.title).sort()).toEqual(['Good', 'Twin']);
    expect(report.rejected).toEqual(
      expect.arrayContaining([
        { title: 'Huge', reason: 'article too large' },
        { title: 'Mislabelled', reason: 'article body missing' },
      ]),
    );
    expect(huge).not.toBe(twin);
    const stored = await to.getAll('articles');
    expect(stored.find((a) => a.title === 'Twin')!.text).toContain('Twin body');
    expect(stored.map((a) => a.text).join(' ')).not.toContain('impostor');
  });
});
