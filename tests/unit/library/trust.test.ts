import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { openDatabase, type ArticleRecord, type Database, type SourceRecord } from '../../../lib/db';
import { cleanUrl } from '../../../lib/library/clean-url';
import { isPrivateHost, judgeImageHost } from '../../../lib/library/image-hosts';
import { exportPack, importPack, type PackLabels } from '../../../lib/library/pack';
import { processPage } from '../../../lib/library/process-page';
import { isFromPack } from '../../../lib/library/provenance';
import { findCopy } from '../../../lib/library/reader-queries';
import { refreshSources, saveProcessed, type CaptureDeps } from '../../../lib/library/refresh';
import { signsOfLogin } from '../../../lib/library/signs-of-login';
import { saveArticle } from '../../../lib/library/store';
import { addSource } from '../../../lib/library/sources';
import { isBogon } from '../../../lib/verdict/bogon';
import { PNG_1X1 } from './pack-fixture';

const { window } = new JSDOM('<!doctype html><body></body>', { url: 'chrome-extension://x/reader.html' });
const win = window as unknown as Window;
const fresh = () => openDatabase(`trust-${Math.random()}`);
const labels: PackLabels = {
  title: 'Pack',
  summary: '$1 articles, saved $2',
  contents: 'Contents',
  search: 'Search',
  shown: 'Shown: $1',
  savedFrom: 'Saved from',
  note: 'note',
};
const PNG = PNG_1X1;
const para = (words: string) => `<p>${words} ${'Текст статьи о событиях в городе. '.repeat(20)}</p>`;
const articlePage = (title: string, body: string, chrome = '') =>
  `<!doctype html><html lang="ru"><head><title>${title}</title></head><body>${chrome}<article><h1>${title}</h1>${para(body)}${para(body)}</article></body></html>`;

function record(over: Partial<ArticleRecord>): ArticleRecord {
  const url = over.canonicalUrl ?? 'https://news.example/1';
  return {
    id: 'a1',
    url,
    canonicalUrl: url,
    sourceId: 'feed-1',
    title: 'Article',
    fetchedAt: 1_700_000_000_000,
    html: '<p>Genuine text</p>',
    text: 'Genuine text',
    excerpt: 'Genuine text',
    imageKeys: [],
    bytes: 0,
    pinned: 0,
    read: 0,
    ...over,
  };
}

/** A stranger's pack claiming `canonicalUrl`, built the way any exporter would. */
async function hostilePack(canonicalUrl: string, text: string): Promise<Blob> {
  const theirs = await fresh();
  const saved = await saveArticle(
    theirs,
    record({ id: 'x', canonicalUrl, url: canonicalUrl, title: 'Fabricated', html: `<p>${text}</p>`, text }),
    [],
    { budgetBytes: 1e9 },
  );
  if (!saved.ok) throw new Error(saved.reason);
  return (await exportPack(theirs, { kind: 'all' }, { win, labels, language: 'en' })).blob;
}

function web(routes: Record<string, () => Response>, seen: string[]) {
  return async (input: RequestInfo | URL) => {
    const url = String(input);
    seen.push(url);
    const route = routes[url];
    if (!route) throw new TypeError('Failed to fetch');
    return route();
  };
}

function deps(db: Database, fetch: typeof globalThis.fetch): CaptureDeps {
  return {
    db,
    fetch,
    process: async (html, url) => processPage(html, url, win),
    budgetBytes: 50 * 1024 * 1024,
    now: () => 1_750_000_000_000,
  };
}

describe('pack articles live apart from fetched ones', () => {
  it('a pack claiming an address already fetched is a duplicate: the fetched text stays', async () => {
    const db = await fresh();
    const genuine = await saveProcessed(
      processOk(articlePage('Настоящая', 'Подлинный текст'), 'https://meduza.example/news/1'),
      'feed-1',
      deps(db, web({}, [])),
      { pinned: false },
    );
    if (!genuine.ok) throw new Error(genuine.reason);
    const report = await importPack(db, await hostilePack('https://meduza.example/news/1', 'Fabricated'), {
      win,
      budgetBytes: 1e9,
    });
    expect(report).toMatchObject({ ok: true, imported: [], duplicates: [{ id: genuine.article.id }] });
    expect(await db.count('articles')).toBe(1);
    expect((await findCopy(db, 'https://meduza.example/news/1'))?.text).toContain('Подлинный текст');
  });

  it('an imported article gets a pack: id and provenance, never the id a genuine fetch of its address gets', async () => {
    const db = await fresh();
    const report = await importPack(db, await hostilePack('https://meduza.example/news/1', 'Fabricated'), {
      win,
      budgetBytes: 1e9,
    });
    if (!report.ok) throw new Error(report.reason);
    const [imported] = await db.getAll('articles');
    expect(imported).toMatchObject({ provenance: 'pack', sourceId: 'imported' });
    expect(imported!.id).toMatch(/^pack:[0-9a-f]{24}$/);
    expect(isFromPack(imported!)).toBe(true);
  });

  it('a genuine fetch of the same address replaces the pack copy, its images too', async () => {
    const db = await fresh();
    const theirs = await fresh();
    const claimed = 'https://meduza.example/news/1';
    await saveArticle(
      theirs,
      record({
        id: 'x',
        canonicalUrl: claimed,
        url: claimed,
        html: '<p>Fabricated</p><img src="https://meduza.example/fake.png" alt="">',
        text: 'Fabricated',
      }),
      [{ url: 'https://meduza.example/fake.png', blob: new Blob([PNG], { type: 'image/png' }) }],
      { budgetBytes: 1e9 },
    );
    const pack = (await exportPack(theirs, { kind: 'all' }, { win, labels, language: 'en' })).blob;
    await importPack(db, pack, { win, budgetBytes: 1e9 });
    expect(await db.count('images')).toBe(1);
    const saved = await saveProcessed(
      processOk(articlePage('Настоящая', 'Подлинный текст'), claimed),
      'feed-1',
      deps(db, web({}, [])),
      { pinned: false },
    );
    if (!saved.ok) throw new Error(saved.reason);
    expect(saved.replacedPackCopy).toMatch(/^pack:/);
    const all = await db.getAll('articles');
    expect(all).toHaveLength(1);
    expect(isFromPack(all[0]!)).toBe(false);
    expect(all[0]!.text).toContain('Подлинный текст');
    expect(await db.count('images')).toBe(0);
    const usage = (await db.get('libraryMeta', 'usage'))?.value;
    expect(usage).toBe(all[0]!.bytes);
  });

  it('a refresh does not skip a feed item because a pack holds a copy of its address', async () => {
    const db = await fresh();
    const claimed = 'https://meduza.example/news/1';
    await importPack(db, await hostilePack(claimed, 'Fabricated'), { win, budgetBytes: 1e9 });
    const seen: string[] = [];
    const fetch = web(
      {
        'https://meduza.example/rss': () =>
          new Response(
            `<?xml version="1.0"?><rss version="2.0"><channel><title>M</title><link>https://meduza.example/</link><item><title>One</title><link>${claimed}</link></item></channel></rss>`,
          ),
        [claimed]: () =>
          new Response(articlePage('Настоящая', 'Подлинный текст'), {
            headers: { 'content-type': 'text/html' },
          }),
      },
      seen,
    );
    const added = await addSource(db, { url: 'https://meduza.example/rss', kind: 'feed' });
    if (!added.ok) throw new Error(added.reason);
    const report = await refreshSources([added.source as SourceRecord], deps(db, fetch), 'manual');
    expect(seen).toContain(claimed);
    expect(report.sources[0]).toMatchObject({ ok: true, saved: 1 });
    const copy = await findCopy(db, claimed);
    expect(copy && isFromPack(copy)).toBe(false);
    expect(copy?.text).toContain('Подлинный текст');
  });

  it('the saved copy of a page prefers the fetched one over a pack copy under another spelling', async () => {
    const db = await fresh();
    await importPack(db, await hostilePack('http://site.example/a', 'Fabricated'), { win, budgetBytes: 1e9 });
    await saveArticle(db, record({ id: 'real', canonicalUrl: 'https://site.example/a' }), [], {
      budgetBytes: 1e9,
    });
    expect((await findCopy(db, 'http://site.example/a'))?.id).toBe('real');
    expect(isFromPack((await findCopy(db, 'http://site.example/a/'))!)).toBe(false);
  });

  it('articles imported before provenance existed (sourceId imported) count as from a pack', () => {
    expect(isFromPack({ id: 'abc', sourceId: 'imported' })).toBe(true);
    expect(isFromPack({ id: 'abc', sourceId: 'saved' })).toBe(false);
  });
});

describe('kept addresses are cleaned', () => {
  it('removes tokens, e-mails, campaign tags and the fragment; keeps what names the content', () => {
    expect(
      cleanUrl(
        'https://news.example/read?id=42&session_token=abc123&email=aigul%40mail.kz&utm_source=tg&fbclid=IwAR0#comments',
      ),
    ).toBe('https://news.example/read?id=42');
    expect(cleanUrl('https://user:pw@news.example/a?p=7&page=2')).toBe('https://news.example/a?p=7&page=2');
    expect(cleanUrl('https://yt.example/watch?v=dQw4&t=42s&si=tracking')).toBe(
      'https://yt.example/watch?v=dQw4',
    );
  });

  it('drops search words and an allowed parameter whose value is an e-mail', () => {
    expect(cleanUrl('https://news.example/search?q=%D0%BC%D0%B8%D1%82%D0%B8%D0%BD%D0%B3')).toBe(
      'https://news.example/search',
    );
    expect(cleanUrl('https://news.example/profile?id=aigul@mail.kz')).toBe('https://news.example/profile');
    expect(cleanUrl('not a url')).toBe('not a url');
  });

  it('a kept page with ?session_token=&email= is stored under its clean address, and its title line too', async () => {
    const db = await fresh();
    const dirty = 'https://news.example/story?session_token=s3cr3t&email=aigul%40mail.kz#top';
    const saved = await saveProcessed(
      processOk(articlePage('Статья', 'Текст'), dirty),
      'saved',
      deps(db, web({}, [])),
      { pinned: true },
    );
    if (!saved.ok) throw new Error(saved.reason);
    const stored = (await db.get('articles', saved.article.id))!;
    expect(stored.url).toBe('https://news.example/story');
    expect(stored.canonicalUrl).toBe('https://news.example/story');
    expect(JSON.stringify(stored)).not.toMatch(/s3cr3t|aigul/);
  });

  it('an article stored before cleaning is exported with a clean address in the manifest and the Saved from line', async () => {
    const db = await fresh();
    const dirty = 'https://news.example/story?session_token=s3cr3t&email=aigul%40mail.kz';
    await saveArticle(db, record({ url: dirty, canonicalUrl: dirty }), [], { budgetBytes: 1e9 });
    const html = await (await exportPack(db, { kind: 'all' }, { win, labels, language: 'en' })).blob.text();
    expect(html).not.toMatch(/s3cr3t|aigul|session_token/);
    expect(html).toContain('Saved from https://news.example/story<');
  });

  it('an imported pack carrying tokens in its addresses is stored cleaned', async () => {
    const db = await fresh();
    await importPack(db, await hostilePack('https://x.example/a?token=abc&id=5', 'Text'), {
      win,
      budgetBytes: 1e9,
    });
    const [stored] = await db.getAll('articles');
    expect(stored!.canonicalUrl).toBe('https://x.example/a?id=5');
  });
});

describe("images only from the page's own site, never a private address", () => {
  it('allows the same registrable domain and the listed CDNs; refuses another site', () => {
    const page = 'https://www.example.co.uk/news/1';
    expect(judgeImageHost('https://static.example.co.uk/p.jpg', page)).toBe('allowed');
    expect(judgeImageHost('https://i0.wp.com/example.co.uk/p.jpg', page)).toBe('allowed');
    expect(judgeImageHost('https://other.co.uk/p.jpg', page)).toBe('other-site');
    expect(judgeImageHost('https://pixel.tracker.example/t.gif?uid=1', page)).toBe('other-site');
    // A public suffix is not a site: two github.io pages are two sites.
    expect(judgeImageHost('https://b.github.io/p.png', 'https://a.github.io/')).toBe('other-site');
    expect(judgeImageHost('data:image/png;base64,AAAA', page)).toBe('not-http');
  });

  it('refuses private, loopback and link-local addresses and local-only names, in any spelling', () => {
    const page = 'https://news.example/1';
    for (const src of [
      'http://127.0.0.1/p.png',
      'http://2130706433/p.png',
      'http://0x7f.1/p.png',
      'http://10.0.0.1/p.png',
      'http://192.168.1.1/admin.png',
      'http://169.254.169.254/latest',
      'http://[::1]/p.png',
      'http://[::ffff:127.0.0.1]/p.png',
      'http://[fe80::1]/p.png',
      'http://localhost:8080/p.png',
      'http://router.local/p.png',
      'http://printer/p.png',
      'http://db.internal/p.png',
    ])
      expect([src, judgeImageHost(src, page)]).toEqual([src, 'private-address']);
  });

  it("judges a name by its spelling: the lab's sites (names under lab.test on 127.x) keep their images", () => {
    expect(judgeImageHost('https://img.lab.test/1.png', 'https://news.lab.test/a')).toBe('allowed');
    expect(isPrivateHost('news.lab.test')).toBe(false);
  });

  it("agrees with the verdict's bogon list on IPv4", () => {
    for (const ip of [
      '0.1.2.3',
      '10.9.9.9',
      '100.64.0.1',
      '127.3.4.5',
      '169.254.1.1',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.0.1',
      '198.18.0.1',
      '224.0.0.1',
      '250.1.1.1',
      '8.8.8.8',
      '172.32.0.1',
      '100.128.0.1',
      '1.1.1.1',
    ])
      expect([ip, isPrivateHost(ip)]).toEqual([
        ip,
        isBogon(ip) && !/^(192\.0\.2|198\.51\.100|203\.0\.113)\./.test(ip),
      ]);
  });

  it("capture fetches the same-site image and never the tracker's or the private one", async () => {
    const db = await fresh();
    const seen: string[] = [];
    const png = () => new Response(PNG, { headers: { 'content-type': 'image/png' } });
    const fetch = web(
      {
        'https://img.news.example/photo.png': png,
        'https://tracker.example/pixel.png?uid=42': png,
        'http://192.168.1.1/router.png': png,
      },
      seen,
    );
    const html = articlePage(
      'Статья',
      'Текст <img src="https://img.news.example/photo.png" alt="фото"><img src="https://tracker.example/pixel.png?uid=42" alt=""><img src="http://192.168.1.1/router.png" alt="">',
    );
    const saved = await saveProcessed(processOk(html, 'https://news.example/a'), 'saved', deps(db, fetch), {
      pinned: true,
    });
    if (!saved.ok) throw new Error(saved.reason);
    expect(seen).toEqual(['https://img.news.example/photo.png']);
    expect(await db.count('images')).toBe(1);
  });
});

describe('a kept page that looked logged-in', () => {
  const doc = (html: string) => new JSDOM(html).window.document as unknown as Document;

  it('finds a password field, a log-out link in English, Russian or Kazakh, and an e-mail in the menus', () => {
    expect(signsOfLogin(doc('<form><input type="password"></form>'))).toEqual(['password-field']);
    expect(signsOfLogin(doc('<nav><a href="/account">Кабинет</a><a href="#">Выйти</a></nav>'))).toEqual([
      'logout-link',
    ]);
    expect(signsOfLogin(doc('<a href="#">Шығу</a>'))).toEqual(['logout-link']);
    expect(signsOfLogin(doc('<a href="/user/logout?token=1">×</a>'))).toEqual(['logout-link']);
    expect(signsOfLogin(doc('<header><span class="who">aigul@mail.kz</span></header>'))).toEqual([
      'email-in-chrome',
    ]);
  });

  it("does not flag a public article with a log-in link and a journalist's address in its text", () => {
    expect(
      signsOfLogin(
        doc(
          '<header><a href="/login">Войти</a></header><article><p>Пишите нам: tips@news.example</p></article>',
        ),
      ),
    ).toEqual([]);
  });

  it('processPage reports the signs before Readability strips the menus', () => {
    const page = processOk(
      articlePage(
        'Статья',
        'Текст',
        '<header><div class="user-menu">aigul@mail.kz <a href="/logout">Log out</a></div></header>',
      ),
      'https://news.example/a',
    );
    expect(page.loginSigns).toEqual(['logout-link', 'email-in-chrome']);
  });
});

function processOk(html: string, url: string) {
  const page = processPage(html, url, win);
  if (!page.ok) throw new Error(page.reason);
  return page;
}
