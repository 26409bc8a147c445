import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database, type SourceRecord } from '../../../lib/db';
import { processPage } from '../../../lib/library/process-page';
import { refreshSources, type CaptureDeps } from '../../../lib/library/refresh';
import { createLibraryService } from '../../../lib/library/service';
import { ShardedSearch, syncSearchIndex } from '../../../lib/search';
import { DEFAULT_SETTINGS } from '../../../lib/settings/schema';
import { addSource, defaultSources, removeSource, seedDefaultSources } from '../../../lib/library/sources';
import { isFirstDegradation, shouldRefreshOnSchedule } from '../../../lib/library/triggers';

const { window } = new JSDOM('<!doctype html><html><body></body></html>', {
  url: 'https://vantage.invalid/',
});
const win = window as unknown as Window;
const page = (name: string) => readFileSync(`tests/fixtures/pages/${name}/source.html`, 'utf8');

/** A tiny web: URL → response factory. Unknown URLs fail like an unresolvable name. */
function web(routes: Record<string, (init: RequestInit) => Response>, seen: string[] = []) {
  return async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    seen.push(url);
    const route = routes[url];
    if (!route) throw new TypeError('Failed to fetch');
    return route(init);
  };
}

function rss(items: string[]) {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><link>https://n.example/</link>${items
    .map(
      (u, i) =>
        `<item><title>${u}</title><link>${u}</link><pubDate>${new Date(Date.UTC(2026, 10, 20 - i)).toUTCString()}</pubDate></item>`,
    )
    .join('')}</channel></rss>`;
}

async function setup(fetch: typeof globalThis.fetch, over: Partial<CaptureDeps> = {}) {
  const db = await openDatabase(`refresh-${Math.random()}`);
  const deps: CaptureDeps = {
    db,
    fetch,
    process: async (html, url) => processPage(html, url, win),
    budgetBytes: 50 * 1024 * 1024,
    now: () => 1_700_000_000_000,
    ...over,
  };
  return { db, deps };
}
/** The stores a transaction covers, however they were named. */
const storeNames = (stores: string | ArrayLike<string>): string[] =>
  typeof stores === 'string' ? [stores] : Array.from(stores);
const source = async (db: Database, url: string, kind: SourceRecord['kind'] = 'feed') => {
  const added = await addSource(db, { url, kind });
  if (!added.ok) throw new Error(added.reason);
  return added.source;
};

describe('refreshSources', () => {
  it('saves each new item of a feed once, and a second refresh asks conditionally', async () => {
    const seen: string[] = [];
    let etagSent: string | undefined;
    const fetch = web(
      {
        'https://n.example/feed': (init) => {
          etagSent = (init.headers as Record<string, string>)['if-none-match'];
          return etagSent === '"1"'
            ? new Response(null, { status: 304 })
            : new Response(rss(['https://n.example/a', 'https://n.example/b']), { headers: { etag: '"1"' } });
        },
        'https://n.example/a': () =>
          new Response(page('bbc-1'), { headers: { 'content-type': 'text/html' } }),
        'https://n.example/b': () =>
          new Response(page('heise'), { headers: { 'content-type': 'text/html' } }),
      },
      seen,
    );
    const { db, deps } = await setup(fetch);
    const feed = await source(db, 'https://n.example/feed');
    const first = await refreshSources([feed], deps, 'manual');
    expect(first.sources[0]).toMatchObject({ ok: true, saved: 2, failed: 0 });
    expect((await db.getAll('articles')).map((a) => a.url).sort()).toEqual([
      'https://n.example/a',
      'https://n.example/b',
    ]);
    const second = await refreshSources([(await db.get('sources', feed.id))!], deps, 'manual');
    expect(etagSent).toBe('"1"');
    expect(second.sources[0]).toMatchObject({ ok: true, notModified: true, saved: 0 });
    expect(seen.filter((u) => u === 'https://n.example/a')).toHaveLength(1);
  });

  it('records a per-source error in words and clears it after a good refresh', async () => {
    let broken = true;
    const fetch = web({
      'https://n.example/feed': () =>
        broken ? new Response('<html><body>maintenance</body></html>') : new Response(rss([])),
    });
    const { db, deps } = await setup(fetch);
    const feed = await source(db, 'https://n.example/feed');
    await refreshSources([feed], deps, 'manual');
    expect((await db.get('sources', feed.id))!.lastError).toMatch(/^not-a-feed/);
    broken = false;
    await refreshSources([feed], deps, 'manual');
    expect((await db.get('sources', feed.id))!.lastError).toBeUndefined();
  });

  it('finds the feed a site address advertises and switches the source to it', async () => {
    const fetch = web({
      'https://n.example/': () =>
        new Response(
          '<html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head></html>',
          {
            headers: { 'content-type': 'text/html' },
          },
        ),
      'https://n.example/rss': () => new Response(rss(['https://n.example/a'])),
      'https://n.example/a': () =>
        new Response(page('lemonde-1'), { headers: { 'content-type': 'text/html' } }),
    });
    const { db, deps } = await setup(fetch);
    const site = await source(db, 'https://n.example/');
    const report = await refreshSources([site], deps, 'manual');
    expect(report.sources[0]).toMatchObject({ ok: true, saved: 1 });
    expect(await db.get('sources', site.id)).toMatchObject({
      url: 'https://n.example/rss',
      siteUrl: 'https://n.example/',
    });
  });

  it('keeps going when one article fails, and counts it', async () => {
    const fetch = web({
      'https://n.example/feed': () => new Response(rss(['https://n.example/a', 'https://gone.example/x'])),
      'https://n.example/a': () => new Response(page('ars-1'), { headers: { 'content-type': 'text/html' } }),
    });
    const { db, deps } = await setup(fetch);
    const report = await refreshSources([await source(db, 'https://n.example/feed')], deps, 'manual');
    expect(report.sources[0]).toMatchObject({ ok: true, saved: 1, failed: 1 });
  });

  it('stops at a full disk with a quota error, and retries the missed items once there is room', async () => {
    let full = false;
    const sent: (string | undefined)[] = [];
    const items = ['https://n.example/a', 'https://n.example/b'];
    const fetch = web({
      // The feed answers 304 to its own ETag, as a real server does.
      'https://n.example/feed': (init) => {
        const etag = (init.headers as Record<string, string>)['if-none-match'];
        sent.push(etag);
        return etag === '"2"'
          ? new Response(null, { status: 304 })
          : new Response(rss(items), { headers: { etag: '"2"' } });
      },
      'https://n.example/a': () => new Response(page('bbc-1'), { headers: { 'content-type': 'text/html' } }),
      'https://n.example/b': () => new Response(page('heise'), { headers: { 'content-type': 'text/html' } }),
    });
    const { db, deps } = await setup(fetch);
    // What Chrome does on a really full disk (e2e library-quota.test.ts): the save's transaction fails.
    deps.db = new Proxy(db, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop);
        if (prop !== 'transaction') return typeof value === 'function' ? value.bind(target) : value;
        return (...args: Parameters<Database['transaction']>) => {
          const tx = target.transaction(...args);
          // saveArticle's transaction; idb's own shortcuts (db.get, db.put) open others.
          if (full && args[1] === 'readwrite' && storeNames(args[0]).includes('articles'))
            (tx.objectStore('articles') as { put: unknown }).put = () =>
              Promise.reject(new DOMException('Failed to write blobs (IOError)', 'DataError'));
          return tx;
        };
      },
    });
    const feed = await source(db, 'https://n.example/feed');
    full = true;
    const first = await refreshSources([feed], deps, 'manual');
    expect(first.sources[0]).toMatchObject({ ok: false, reason: 'quota', saved: 0, failed: 1 });
    const stored = (await db.get('sources', feed.id))!;
    expect(stored.lastError).toMatch(/^quota: /);
    // The feed version that could not be stored is not remembered as read.
    expect(stored.etag).toBeUndefined();
    expect(await db.count('articles')).toBe(0);

    full = false;
    const second = await refreshSources([stored], deps, 'manual');
    expect(sent).toEqual([undefined, undefined]);
    expect(second.sources[0]).toMatchObject({ ok: true, notModified: false, saved: 2, failed: 0 });
    expect((await db.get('sources', feed.id))!).toMatchObject({ etag: '"2"' });
    expect((await db.get('sources', feed.id))!.lastError).toBeUndefined();
  });

  it('still answers with its report when the database cannot even record the outcome', async () => {
    const fetch = web({
      'https://n.example/feed': () => new Response(rss(['https://n.example/a'])),
      'https://n.example/a': () => new Response(page('bbc-1'), { headers: { 'content-type': 'text/html' } }),
    });
    const { db, deps } = await setup(fetch);
    const feed = await source(db, 'https://n.example/feed');
    // Chrome on a completely full disk: the save fails, and the browser closes the connection
    // under every later request.
    let closed = false;
    const closing = () =>
      Promise.reject(new DOMException('The database connection is closing.', 'InvalidStateError'));
    deps.db = new Proxy(db, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop);
        if (closed && prop !== 'transaction') return closing;
        if (prop !== 'transaction') return typeof value === 'function' ? value.bind(target) : value;
        return (...args: Parameters<Database['transaction']>) => {
          const tx = target.transaction(...args);
          if (args[1] === 'readwrite' && storeNames(args[0]).includes('articles'))
            (tx.objectStore('articles') as { put: unknown }).put = () => {
              closed = true;
              return Promise.reject(
                new DOMException(
                  'Connection is closing because of: IO error: .../000003.log: FILE_ERROR_NO_SPACE',
                  'UnknownError',
                ),
              );
            };
          return tx;
        };
      },
    });
    const report = await refreshSources([feed], deps, 'manual');
    expect(report.sources).toEqual([
      expect.objectContaining({ sourceId: feed.id, ok: false, reason: 'quota', saved: 0, failed: 1 }),
    ]);
    expect(await db.count('articles')).toBe(0);
  });

  it('saves an important page pinned and replaces it on change, never duplicating it', async () => {
    let version = 'lwn-1';
    const fetch = web({
      'https://gov.example/emergency': () =>
        new Response(page(version), { headers: { 'content-type': 'text/html' } }),
    });
    const { db, deps } = await setup(fetch);
    const important = await source(db, 'https://gov.example/emergency', 'page');
    await refreshSources([important], deps, 'manual');
    version = 'rtl-1';
    await refreshSources([(await db.get('sources', important.id))!], deps, 'manual');
    const articles = await db.getAll('articles');
    expect(articles).toHaveLength(1);
    expect(articles[0]).toMatchObject({
      pinned: 1,
      sourceId: important.id,
      url: 'https://gov.example/emergency',
    });
  });

  it('does not fetch back an article evicted to make room', async () => {
    const seen: string[] = [];
    const items = ['https://n.example/1', 'https://n.example/2', 'https://n.example/3'];
    const routes: Record<string, () => Response> = {
      'https://n.example/feed': () => new Response(rss(items)),
    };
    for (const url of items)
      routes[url] = () => new Response(page('wikipedia'), { headers: { 'content-type': 'text/html' } });
    const { db, deps } = await setup(web(routes, seen));
    // Room for about two of these pages.
    const one = processPage(page('wikipedia'), 'https://n.example/1', win);
    if (!one.ok) throw new Error(one.reason);
    deps.budgetBytes = Math.round(one.text.length * 2.5 + 40_000);
    const feed = await source(db, 'https://n.example/feed');
    const first = await refreshSources([feed], deps, 'manual');
    expect(first.sources[0]!.evicted.length).toBeGreaterThan(0);
    const fetchedBefore = seen.length;
    await refreshSources([(await db.get('sources', feed.id))!], deps, 'manual');
    expect(seen.slice(fetchedBefore)).toEqual(['https://n.example/feed']);
  });
});

describe('sources', () => {
  it('the kz defaults are the news sites of the kz pack, by their own addresses', () => {
    const defaults = defaultSources('kz', 0);
    expect(defaults.map((d) => d.url)).toContain('https://www.azattyq.org/');
    expect(defaults.map((d) => d.url)).toContain('https://vlast.kz/');
    expect(defaults.every((d) => d.kind === 'feed')).toBe(true);
    expect(defaultSources('none', 0)).toEqual([]);
  });

  it('seeds the defaults once: a source the user removed does not come back', async () => {
    const db = await openDatabase(`sources-${Math.random()}`);
    const added = await seedDefaultSources(db, 'kz', 0);
    expect(added).toBe(defaultSources('kz', 0).length);
    const [first] = await db.getAll('sources');
    expect(await removeSource(db, first!.id)).toBe(true);
    expect(await seedDefaultSources(db, 'kz', 0)).toBe(0);
    expect(await db.count('sources')).toBe(added - 1);
  });

  it('refuses non-web addresses and de-duplicates the same address', async () => {
    const db = await openDatabase(`sources-${Math.random()}`);
    expect(await addSource(db, { url: 'javascript:alert(1)', kind: 'feed' })).toMatchObject({
      ok: false,
      reason: 'bad-url',
    });
    expect(await addSource(db, { url: 'not a url', kind: 'feed' })).toMatchObject({
      ok: false,
      reason: 'bad-url',
    });
    const a = await addSource(db, { url: 'https://n.example/feed#x', kind: 'feed' });
    const b = await addSource(db, { url: 'https://n.example/feed', kind: 'feed' });
    expect(a).toMatchObject({ ok: true, added: true });
    expect(b).toMatchObject({ ok: true, added: false });
  });
});

describe('when to refresh', () => {
  it('fires on the first step into selective blocking or throttling', () => {
    expect(isFirstDegradation('normal', 'selective')).toBe(true);
    expect(isFirstDegradation('normal', 'throttled')).toBe(true);
    expect(isFirstDegradation(undefined, 'selective')).toBe(true);
    expect(isFirstDegradation('offline', 'selective')).toBe(true);
  });

  it('does not fire again within the same episode, or for other states', () => {
    expect(isFirstDegradation('selective', 'throttled')).toBe(false);
    expect(isFirstDegradation('throttled', 'selective')).toBe(false);
    expect(isFirstDegradation('shutdown', 'selective')).toBe(false);
    expect(isFirstDegradation('normal', 'shutdown')).toBe(false);
    expect(isFirstDegradation('selective', 'normal')).toBe(false);
  });

  it('scheduled refreshes skip only when nothing outside is reachable', () => {
    expect(shouldRefreshOnSchedule('normal')).toBe(true);
    expect(shouldRefreshOnSchedule(undefined)).toBe(true);
    expect(shouldRefreshOnSchedule('selective')).toBe(true);
    for (const state of ['shutdown', 'whitelist', 'captive-portal', 'offline'] as const)
      expect(shouldRefreshOnSchedule(state)).toBe(false);
  });
});

describe('halting a refresh (wipe everything)', () => {
  it('aborts the requests in flight, waits for the refresh to end, and nothing is written after', async () => {
    const db = await openDatabase(`halt-${Math.random()}`);
    await addSource(db, { url: 'https://slow.example/feed.xml', kind: 'feed' });
    let started!: () => void;
    const inFlight = new Promise<void>((resolve) => (started = resolve));
    const aborted: string[] = [];
    // A feed that never answers unless its request is aborted.
    const fetch = (input: RequestInfo | URL, init: RequestInit = {}) =>
      new Promise<Response>((_resolve, reject) => {
        started();
        init.signal?.addEventListener('abort', () => {
          aborted.push(String(input));
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
    const service = createLibraryService({
      db: async () => db,
      settings: async () => ({ ...DEFAULT_SETTINGS, packId: 'none' }),
      fetch,
      process: async (html, url) => processPage(html, url, win),
      now: () => 1_700_000_000_000,
    });
    const refresh = service.refresh('alarm');
    await inFlight;
    await service.halt();
    expect(aborted).toEqual(['https://slow.example/feed.xml']);
    const report = await refresh;
    expect(report.sources[0]).toMatchObject({ ok: false, saved: 0 });
    expect(await db.count('articles')).toBe(0);
  });

  it('a refresh that saved articles adds them to the stored search index, and never starts a first build', async () => {
    const fetch = web({
      'https://n.example/feed': () => new Response(rss(['https://n.example/a', 'https://n.example/b'])),
      'https://n.example/a': () => new Response(page('bbc-1'), { headers: { 'content-type': 'text/html' } }),
      'https://n.example/b': () => new Response(page('heise'), { headers: { 'content-type': 'text/html' } }),
    });
    const db = await openDatabase(`refresh-${Math.random()}`);
    const service = createLibraryService({
      db: async () => db,
      settings: async () => ({ ...DEFAULT_SETTINGS, packId: 'none' }),
      fetch,
      process: async (html, url) => processPage(html, url, win),
      now: () => 1_700_000_000_000,
      indexSaved: (database) => syncSearchIndex(database, undefined, { rebuild: false }),
    });
    const feed = await source(db, 'https://n.example/feed');
    // No index yet: the background leaves the first build to the reader's worker.
    await service.refresh('manual', [feed.id]);
    expect(await ShardedSearch.open(db)).toBeUndefined();
    await syncSearchIndex(db);
    await db.put('sources', { ...(await db.get('sources', feed.id))!, etag: undefined });
    const more = web({
      'https://n.example/feed': () => new Response(rss(['https://n.example/c'])),
      'https://n.example/c': () => new Response(page('lwn-1'), { headers: { 'content-type': 'text/html' } }),
    });
    const again = createLibraryService({
      db: async () => db,
      settings: async () => ({ ...DEFAULT_SETTINGS, packId: 'none' }),
      fetch: more,
      process: async (html, url) => processPage(html, url, win),
      now: () => 1_700_000_100_000,
      indexSaved: (database) => syncSearchIndex(database, undefined, { rebuild: false }),
    });
    expect((await again.refresh('manual', [feed.id])).sources[0]).toMatchObject({ saved: 1 });
    const search = (await ShardedSearch.open(db))!;
    expect(search.size).toBe(3);
    const saved = (await db.getAll('articles')).find((a) => a.url === 'https://n.example/c')!;
    const word = saved.title.split(/\s+/).find((w) => w.length >= 5)!;
    expect(await search.search(word)).toContainEqual(expect.objectContaining({ id: saved.id }));
  });
});
