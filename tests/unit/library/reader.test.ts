import { JSDOM } from 'jsdom';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type ArticleRecord } from '../../../lib/db';
import { addressVariants, countOnHost, findCopy, listArticles } from '../../../lib/library/reader-queries';
import { openArticle, renderArticle } from '../../../lib/library/render-article';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { wipeEverything } from '../../../lib/engine/wipe';
import {
  filterForIntent,
  leaveReaderIntent,
  parseReaderIntent,
  READER_INTENT_KEY,
  takeReaderIntent,
} from '../../../lib/library/reader-route';
import { markRead, saveArticle } from '../../../lib/library/store';

const fresh = () => openDatabase(`reader-${Math.random()}`);

function article(n: number, over: Partial<ArticleRecord> = {}): ArticleRecord {
  const url = over.canonicalUrl ?? `https://news.example/articles/${n}`;
  return {
    id: `a${n}`,
    url,
    canonicalUrl: url,
    sourceId: n % 2 ? 'feed-odd' : 'feed-even',
    title: `Article ${n}`,
    fetchedAt: 1_000 + n,
    html: `<p>Body ${n}</p>`,
    text: `Body ${n}`,
    excerpt: `Body ${n}`,
    imageKeys: [],
    bytes: 0,
    pinned: 0,
    read: 0,
    ...over,
  };
}

async function library(count: number, over: (n: number) => Partial<ArticleRecord> = () => ({})) {
  const db = await fresh();
  for (let n = 1; n <= count; n++) {
    const saved = await saveArticle(db, article(n, over(n)), [], { budgetBytes: 1e9 });
    if (!saved.ok) throw new Error(saved.reason);
  }
  return db;
}

describe('listArticles', () => {
  it('lists newest first, one page at a time, without the bodies', async () => {
    const db = await library(7);
    const first = await listArticles(db, { kind: 'all' }, 3);
    expect(first.articles.map((a) => a.id)).toEqual(['a7', 'a6', 'a5']);
    expect(first.more).toBe(true);
    expect(first.articles[0]).not.toHaveProperty('html');
    expect(first.articles[0]).not.toHaveProperty('text');
    const all = await listArticles(db, { kind: 'all' }, 10);
    expect(all.articles).toHaveLength(7);
    expect(all.more).toBe(false);
  });

  it('cuts a page where walking the index newest first would, ties at the cut included', async () => {
    // Saved in the same millisecond (a batch): the index orders them by id.
    const db = await library(5, () => ({ fetchedAt: 5_000 }));
    for (const [limit, expected, more] of [
      [3, ['a5', 'a4', 'a3'], true],
      [4, ['a5', 'a4', 'a3', 'a2'], true],
      [5, ['a5', 'a4', 'a3', 'a2', 'a1'], false],
    ] as const) {
      const listed = await listArticles(db, { kind: 'all' }, limit);
      expect(listed.articles.map((a) => a.id)).toEqual(expected);
      expect(listed.more).toBe(more);
    }
    const mixed = await library(9, (n) => ({ pinned: n % 3 ? 0 : 1 }));
    const page = await listArticles(mixed, { kind: 'source', sourceId: 'feed-odd' }, 2);
    expect(page.articles.map((a) => a.id)).toEqual(['a9', 'a7']);
    expect(page.more).toBe(true);
    const pinned = await listArticles(mixed, { kind: 'pinned' }, 2);
    expect(pinned.articles.map((a) => a.id)).toEqual(['a9', 'a6']);
    expect(pinned.more).toBe(true);
  });

  it('puts the newest publication first, the saving time standing in for a missing or future date', async () => {
    // Saved in order 1..4; published in another order; 4 claims a date after it was saved.
    const published: Record<number, number | undefined> = { 1: 900, 2: 100, 3: undefined, 4: 9_999_999 };
    const db = await library(4, (n) => (published[n] === undefined ? {} : { publishedAt: published[n] }));
    const listed = await listArticles(db, { kind: 'all' }, 10);
    // a4 counts as saved at 1004, a3 (no date) at 1003, a1 published 900, a2 published 100.
    expect(listed.articles.map((a) => a.id)).toEqual(['a4', 'a3', 'a1', 'a2']);
    expect(
      (await listArticles(db, { kind: 'source', sourceId: 'feed-odd' })).articles.map((a) => a.id),
    ).toEqual(['a3', 'a1']);
  });

  it('filters by source, pinned, unread and site', async () => {
    const db = await library(6, (n) => ({
      pinned: n === 2 ? 1 : 0,
      ...(n === 5 ? { canonicalUrl: 'https://www.other.example/x', url: 'https://www.other.example/x' } : {}),
    }));
    await markRead(db, 'a3');
    const ids = async (filter: Parameters<typeof listArticles>[1]) =>
      (await listArticles(db, filter)).articles.map((a) => a.id);
    expect(await ids({ kind: 'source', sourceId: 'feed-odd' })).toEqual(['a5', 'a3', 'a1']);
    expect(await ids({ kind: 'pinned' })).toEqual(['a2']);
    expect(await ids({ kind: 'unread' })).toEqual(['a6', 'a5', 'a4', 'a2', 'a1']);
    expect(await ids({ kind: 'site', host: 'other.example' })).toEqual(['a5']);
    expect(await ids({ kind: 'site', host: 'news.example' })).toHaveLength(5);
  });
});

describe('finding a saved copy from the address the user was opening', () => {
  it('tries the address without fragment, with and without the trailing slash, on http and https', () => {
    expect(addressVariants('https://a.example/x/#top')).toEqual([
      'https://a.example/x/',
      'https://a.example/x',
      'http://a.example/x/',
      'http://a.example/x',
    ]);
    expect(addressVariants('ftp://a.example/')).toEqual([]);
    expect(addressVariants('not a url')).toEqual([]);
  });

  it('finds the copy by variant, counts a host’s copies including www., and nothing on other hosts', async () => {
    const db = await library(3);
    expect((await findCopy(db, 'http://news.example/articles/2/#comments'))?.id).toBe('a2');
    expect(await findCopy(db, 'https://news.example/articles/9')).toBeUndefined();
    expect(await countOnHost(db, 'www.news.example')).toBe(3);
    expect(await countOnHost(db, 'news.example.evil')).toBe(0);
    expect(await countOnHost(db, 'example')).toBe(0);
  });
});

describe('renderArticle', () => {
  const { window } = new JSDOM('<!doctype html><body></body>', { url: 'chrome-extension://x/reader.html' });
  const doc = window.document as unknown as Document;

  it('sanitizes again, swaps stored images for blob URLs and never points an image at the web', async () => {
    const db = await fresh();
    const html =
      '<p onclick="alert(1)">Text<script>alert(2)</script></p>' +
      '<img src="https://img.example/kept.png" onerror="alert(3)" alt="kept">' +
      '<img src="https://tracker.example/pixel.gif" alt="not saved">' +
      '<img src="https://tracker.example/noalt.gif">' +
      '<a href="javascript:alert(4)">bad</a><a href="https://news.example/">good</a>';
    const saved = await saveArticle(
      db,
      article(1, { html }),
      [{ url: 'https://img.example/kept.png', blob: new Blob([new Uint8Array(8)], { type: 'image/png' }) }],
      { budgetBytes: 1e9 },
    );
    if (!saved.ok) throw new Error(saved.reason);
    const opened = await openArticle(db, 'a1');
    const rendered = renderArticle(opened!, doc, (alt) =>
      alt ? `Image not saved: ${alt}` : 'Image not saved',
    );
    const box = doc.createElement('div');
    box.append(rendered.fragment);
    expect(box.innerHTML).not.toMatch(/script|onerror|onclick|javascript:|tracker\.example/);
    const images = [...box.querySelectorAll('img')].map((img) => img.getAttribute('src'));
    expect(images).toEqual([rendered.objectUrls[0]]);
    expect(images[0]).toMatch(/^blob:/);
    expect(rendered.missingImages).toBe(2);
    // Each image without a copy is a labelled placeholder with its alt text, not a bracketed word.
    const placeholders = [...box.querySelectorAll('[data-testid=image-missing]')];
    expect(placeholders.map((p) => [p.getAttribute('role'), p.getAttribute('aria-label')])).toEqual([
      ['img', 'Image not saved: not saved'],
      ['img', 'Image not saved'],
    ]);
    expect(box.textContent).not.toContain('[');
    const good = box.querySelector('a[href="https://news.example/"]')!;
    expect(good.getAttribute('rel')).toBe('noopener noreferrer');
    expect(good.getAttribute('target')).toBe('_blank');
    for (const url of rendered.objectUrls) URL.revokeObjectURL(url);
  });

  it('paints the text first: the first picture loads at once, the later ones lazily, all decoded off the thread', async () => {
    const db = await fresh();
    const html =
      '<p>Text</p><img src="https://img.example/1.png"><p>More</p><img src="https://img.example/2.png">';
    const png = () => new Blob([new Uint8Array(8)], { type: 'image/png' });
    await saveArticle(
      db,
      article(1, { html }),
      [
        { url: 'https://img.example/1.png', blob: png() },
        { url: 'https://img.example/2.png', blob: png() },
      ],
      { budgetBytes: 1e9 },
    );
    const rendered = renderArticle((await openArticle(db, 'a1'))!, doc);
    const box = doc.createElement('div');
    box.append(rendered.fragment);
    expect(
      [...box.querySelectorAll('img')].map((img) => [
        img.getAttribute('loading'),
        img.getAttribute('decoding'),
      ]),
    ).toEqual([
      [null, 'async'],
      ['lazy', 'async'],
    ]);
    for (const url of rendered.objectUrls) URL.revokeObjectURL(url);
  });

  it('opened to be shown, starts the first picture decoding before the body is read, and hands it to the render', async () => {
    const db = await fresh();
    const html =
      '<p>Text</p><img src="https://img.example/1.png"><p>More</p><img src="https://img.example/2.png">';
    const png = () => new Blob([new Uint8Array(8)], { type: 'image/png' });
    const pictures = Array.from({ length: 11 }, (_, n) => ({
      url: `https://img.example/${n + 1}.png`,
      blob: png(),
    }));
    // Eleven pictures: `a1/10` sorts before `a1/2` as text, the page's order is by number.
    await saveArticle(db, article(1, { html }), pictures, { budgetBytes: 1e9 });
    const decoding: string[] = [];
    const image = window.HTMLImageElement.prototype as unknown as { decode?: () => Promise<void> };
    image.decode = function (this: HTMLImageElement) {
      decoding.push(this.src);
      return Promise.reject(new Error('jsdom cannot decode'));
    };
    try {
      const opened = (await openArticle(db, 'a1', doc))!;
      expect([...opened.warmed!.keys()]).toEqual(['https://img.example/1.png']);
      expect(decoding).toEqual([opened.warmed!.get('https://img.example/1.png')]);
      const rendered = renderArticle(opened, doc);
      const box = doc.createElement('div');
      box.append(rendered.fragment);
      const shown = [...box.querySelectorAll('img')].map((img) => img.getAttribute('src'));
      // The same object URL: the browser has it loaded (and decoded) already. Revoked with the rest.
      expect(shown[0]).toBe(decoding[0]);
      expect(shown[1]).not.toBe(decoding[0]);
      expect(rendered.objectUrls).toEqual(shown);
      for (const url of rendered.objectUrls) URL.revokeObjectURL(url);

      // A warmed picture the body does not show is still in the list to revoke.
      const notShown = renderArticle({ ...opened, html: '<p>No pictures</p>' }, doc);
      expect(notShown.objectUrls).toEqual([decoding[0]]);
      // Opened without a document (no one will show it): nothing warmed, no object URL made.
      expect((await openArticle(db, 'a1'))!.warmed).toBeUndefined();
      expect(decoding).toHaveLength(1);
    } finally {
      delete image.decode;
    }
  });

  it('drops a stored "image" that is not an image type', async () => {
    const db = await fresh();
    await saveArticle(
      db,
      article(2, { html: '<img src="https://img.example/a.png" alt="a">' }),
      [
        {
          url: 'https://img.example/a.png',
          blob: new Blob(['<svg onload=alert(1)>'], { type: 'text/html' }),
        },
      ],
      { budgetBytes: 1e9 },
    );
    const rendered = renderArticle((await openArticle(db, 'a2'))!, doc);
    expect(rendered.objectUrls).toEqual([]);
    expect(rendered.missingImages).toBe(1);
  });

  it('drops a first heading that repeats the title, and keeps one that follows text', async () => {
    const db = await fresh();
    const title = 'Алматы: жители остались без связи';
    await saveArticle(
      db,
      article(3, { title, html: `<div><h2>  Алматы:  жители остались без связи</h2><p>Body</p></div>` }),
      [],
      {
        budgetBytes: 1e9,
      },
    );
    await saveArticle(db, article(4, { title, html: `<p>Intro</p><h2>${title}</h2><p>Body</p>` }), [], {
      budgetBytes: 1e9,
    });
    const html = async (id: string) => {
      const box = doc.createElement('div');
      box.append(renderArticle((await openArticle(db, id))!, doc).fragment);
      return box;
    };
    const first = await html('a3');
    expect(first.querySelector('h2')).toBeNull();
    expect(first.textContent).toContain('Body');
    expect((await html('a4')).querySelector('h2')?.textContent).toBe(title);
  });

  it('answers undefined for an article that is gone', async () => {
    expect(await openArticle(await fresh(), 'nope')).toBeUndefined();
  });
});

// WXT's Vitest plugin makes `browser` the fake browser.
describe('what the reader is opened for (never its address)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('hands a saved copy to the next reader once, in storage.session', async () => {
    await leaveReaderIntent(browser, { kind: 'copy', url: 'https://azattyq.org/a/1' });
    expect(await fakeBrowser.storage.local.get()).toEqual({});
    expect(await takeReaderIntent(browser)).toEqual({ kind: 'copy', url: 'https://azattyq.org/a/1' });
    // Taken: a reader opened later shows the whole library.
    expect(await takeReaderIntent(browser)).toBeUndefined();
    expect(await fakeBrowser.storage.session.get()).toEqual({});
  });

  it('lists a site for a site intent and everything otherwise', () => {
    expect(filterForIntent({ kind: 'site', host: 'azattyq.org' })).toEqual({
      kind: 'site',
      host: 'azattyq.org',
    });
    expect(filterForIntent({ kind: 'copy', url: 'https://azattyq.org/' })).toEqual({ kind: 'all' });
    expect(filterForIntent(undefined)).toEqual({ kind: 'all' });
  });

  it('ignores junk left in storage.session and removes it', async () => {
    for (const junk of [
      'reader.html?id=1',
      { kind: 'site', host: '<script>' },
      { kind: 'copy', url: 'javascript:alert(1)' },
      { kind: 'filter' },
      null,
    ]) {
      await fakeBrowser.storage.session.set({ [READER_INTENT_KEY]: junk });
      expect(await takeReaderIntent(browser)).toBeUndefined();
      expect(await fakeBrowser.storage.session.get()).toEqual({});
    }
    expect(parseReaderIntent({ kind: 'site', host: 'AzattyQ.org' })).toEqual({
      kind: 'site',
      host: 'azattyq.org',
    });
  });

  it('"Wipe everything" clears an intent no reader took', async () => {
    await leaveReaderIntent(browser, { kind: 'site', host: 'azattyq.org' });
    await wipeEverything(browser);
    expect(await fakeBrowser.storage.session.get()).toEqual({});
  });
});
