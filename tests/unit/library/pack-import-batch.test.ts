import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../lib/db';
import { exportPack, importPack, remoteSaver } from '../../../lib/library/pack';
import { serveSaves } from '../../../lib/library/pack/remote-saver';
import { compressBody } from '../../../lib/library/pack/pack-saver';
import { saveArticle } from '../../../lib/library/store';
import { readArticleHtml } from '../../../lib/library/compress';
import { PACK_LABELS } from './pack-fixture';
import { fullAfter } from './full-disk';

const { window } = new JSDOM('<!doctype html><body></body>', { url: 'chrome-extension://x/reader.html' });
const win = window as unknown as Window;
const fresh = () => openDatabase(`pack-batch-${Math.random()}`);
const labels = PACK_LABELS;

/** A library of `count` articles, small unless `body` gives the n-th its HTML and text. */
async function library(
  count: number,
  body: (n: number) => { html: string; text: string } = (n) => ({
    html: `<p>body ${n}</p>`,
    text: `body ${n}`,
  }),
): Promise<Database> {
  const from = await fresh();
  for (let n = 0; n < count; n++)
    await saveArticle(
      from,
      {
        id: `p${n}`,
        url: `https://news.example/${n}`,
        canonicalUrl: `https://news.example/${n}`,
        sourceId: 'feed-1',
        title: `Article ${n}`,
        fetchedAt: 1_700_000_000_000 + n,
        ...body(n),
        excerpt: '',
        imageKeys: [],
        bytes: 0,
        pinned: 0,
        read: 0,
      },
      [],
      { budgetBytes: 1e9 },
    );
  return from;
}

describe('pack import in batches (issue #17)', () => {
  it('a disk full midway keeps what fit and reports the rest; a retry imports the rest and nothing twice', async () => {
    const from = await library(70);
    const pack = await exportPack(
      from,
      { kind: 'all' },
      { win, labels, language: 'en', now: 1_800_000_000_000 },
    );
    const to = await fresh();
    const first = await importPack(fullAfter(to, 40), pack.blob, { win, budgetBytes: 1e9 });
    if (!first.ok) throw new Error(first.reason);
    expect(first.imported).toHaveLength(40);
    expect(first.rejected.map((r) => r.reason)).toEqual(Array(30).fill('quota'));
    expect(await to.count('articles')).toBe(40);
    const again = await importPack(to, pack.blob, { win, budgetBytes: 1e9 });
    if (!again.ok) throw new Error(again.reason);
    expect(again.imported).toHaveLength(30);
    expect(again.duplicates).toHaveLength(40);
    expect(await to.count('articles')).toBe(70);
    const titles = (await to.getAll('articles')).map((a) => a.title);
    expect(new Set(titles).size).toBe(70);
  });

  it('saved in a worker (over a message port): the same report and the same library as saved on the page', async () => {
    const from = await library(130);
    // Two articles the libraries already hold: reported as duplicates either way.
    const pack = await exportPack(
      from,
      { kind: 'all' },
      { win, labels, language: 'en', now: 1_800_000_000_000 },
    );
    const prepare = async () => {
      const db = await fresh();
      for (const n of [3, 77])
        await saveArticle(db, { ...(await from.get('articles', `p${n}`))!, id: `here${n}` }, [], {
          budgetBytes: 1e9,
        });
      return db;
    };
    const onPage = await prepare();
    const expected = await importPack(fullAfter(onPage, 100), pack.blob, { win, budgetBytes: 1e9 });
    const inWorker = await prepare();
    const channel = new MessageChannel();
    serveSaves(channel.port2, async () => fullAfter(inWorker, 100));
    const got = await importPack(inWorker, pack.blob, {
      win,
      budgetBytes: 1e9,
      saveWith: (report) => remoteSaver(channel.port1, report, 1e9),
    });
    channel.port1.close();
    channel.port2.close();
    if (!got.ok || !expected.ok) throw new Error('refused');
    expect(got).toEqual(expected);
    expect(got.imported).toHaveLength(98);
    expect(got.duplicates).toHaveLength(2);
    expect(got.rejected.map((r) => r.reason)).toEqual(Array(30).fill('quota'));
    expect(await inWorker.getAllKeys('articles')).toEqual(await onPage.getAllKeys('articles'));
  });

  it('bodies are compressed by the saver, in the worker: the page sends each clean body as HTML', async () => {
    // Long enough, and repetitive enough, that the library keeps it compressed (pack-html.ts).
    const long = `<p>${'Новости дня. '.repeat(400)}</p>`;
    const from = await library(3, () => ({ html: long, text: 'Новости дня.' }));
    const pack = await exportPack(
      from,
      { kind: 'all' },
      { win, labels, language: 'en', now: 1_800_000_000_000 },
    );
    const into = await fresh();
    const channel = new MessageChannel();
    serveSaves(channel.port2, async () => into);
    const sentBodies: unknown[] = [];
    const port = channel.port1;
    const post = port.postMessage.bind(port);
    port.postMessage = ((
      message: { kind: string; built?: { article?: { html: unknown } } },
      transfer?: Transferable[],
    ) => {
      if (message.kind === 'save') sentBodies.push(message.built?.article?.html);
      post(message, transfer ?? []);
    }) as typeof port.postMessage;
    const report = await importPack(into, pack.blob, {
      win,
      budgetBytes: 1e9,
      saveWith: (r) => remoteSaver(port, r, 1e9),
    });
    channel.port1.close();
    channel.port2.close();
    if (!report.ok) throw new Error(report.reason);
    expect(report.imported).toHaveLength(3);
    expect(sentBodies.map((html) => typeof html)).toEqual(['string', 'string', 'string']);
    for (const article of await into.getAll('articles')) {
      expect(typeof article.html).toBe('object');
      expect(await readArticleHtml(article)).toBe(long);
    }
  });

  it('a body is compressed once: the worker compresses it on arrival, and the saver takes it as it is', async () => {
    const article = {
      id: 'pack:1',
      url: 'https://news.example/1',
      canonicalUrl: 'https://news.example/1',
      sourceId: 'imported',
      title: 'One',
      fetchedAt: 1_700_000_000_000,
      text: 'x',
      excerpt: '',
      imageKeys: [],
      bytes: 0,
      pinned: 0 as const,
      read: 0 as const,
    };
    // Too short to be worth compressing: kept as text, and not tried again.
    const short = await compressBody({ article: { ...article, html: '<p>short</p>' }, images: [] });
    expect(short.article.html).toBe('<p>short</p>');
    expect(await compressBody(short)).toBe(short);
    const long = await compressBody({
      article: { ...article, html: `<p>${'Новости дня. '.repeat(400)}</p>` },
      images: [],
    });
    expect(typeof long.article.html).toBe('object');
    expect(await compressBody(long)).toBe(long);
  });

  it('a save worker whose script fails ends the import with an error, never a wait without end', async () => {
    const from = await library(40);
    const pack = await exportPack(
      from,
      { kind: 'all' },
      { win, labels, language: 'en', now: 1_800_000_000_000 },
    );
    // A Worker as the page sees it when its script throws: messages go nowhere, `error` fires once.
    const sent: string[] = [];
    const dead = {
      onmessage: null as ((event: MessageEvent) => void) | null,
      onerror: null as ((event: ErrorEvent) => void) | null,
      postMessage(message: { kind: string }) {
        sent.push(message.kind);
        if (message.kind === 'start')
          queueMicrotask(() => dead.onerror?.({ message: 'Uncaught SyntaxError' } as ErrorEvent));
      },
    };
    const into = await fresh();
    await expect(
      importPack(into, pack.blob, {
        win,
        budgetBytes: 1e9,
        saveWith: (report) => remoteSaver(dead, report, 1e9),
      }),
    ).rejects.toThrow('save worker: Uncaught SyntaxError');
    expect(sent[0]).toBe('start');
  });
});
