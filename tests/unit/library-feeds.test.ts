import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { discoverFeeds } from '../../lib/library/feed-discover';
import { conditionalHeaders, fetchFeed, readCapped } from '../../lib/library/feed-fetch';
import { parseFeed } from '../../lib/library/feed-parse';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url)));
const utf8 = (s: string) => new TextEncoder().encode(s);
const MB = 1024 * 1024;

/** A body of `total` bytes made of 64 KiB chunks, produced only as they are read. */
function lazyStream(total: number, onPull?: () => void): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      onPull?.();
      if (sent >= total) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.byteLength;
    },
  });
}

/** A server that sends one chunk and then nothing, forever. */
function neverEndingStream(): ReadableStream<Uint8Array> {
  let first = true;
  return new ReadableStream({
    pull(controller) {
      if (first) {
        first = false;
        controller.enqueue(utf8('<rss version="2.0"><channel>'));
        return;
      }
      return new Promise<void>(() => undefined);
    },
  });
}

describe('feed parsing', () => {
  it('parses a real RSS 2.0 feed into items with absolute URLs, dates and plain-text summaries', async () => {
    const r = await parseFeed(fixture('rss2sample.xml'), 'application/rss+xml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.format).toBe('rss');
    expect(r.feed).toMatchObject({
      title: 'Liftoff News',
      siteUrl: 'http://liftoff.msfc.nasa.gov/',
      language: 'en-us',
    });
    expect(r.feed.items).toHaveLength(4);
    expect(r.feed.items[0]).toMatchObject({
      url: 'http://liftoff.msfc.nasa.gov/news/2003/news-starcity.asp',
      title: 'Star City',
      publishedAt: Date.parse('Tue, 03 Jun 2003 09:39:21 GMT'),
      guid: 'http://liftoff.msfc.nasa.gov/2003/06/03.html#item573',
    });
    expect(r.feed.items[0]!.summary).toContain("Russia's Star City.");
    expect(r.feed.items[0]!.summary).not.toContain('<a');
  });

  it('parses a real Atom feed, taking the HTML alternate link of the feed and of each entry', async () => {
    const r = await parseFeed(fixture('tpm.atom'), 'application/atom+xml', {
      feedUrl: 'http://talkingpointsmemo.com/account/feed/all/x',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.format).toBe('atom');
    expect(r.feed.title).toBe('All TPM News');
    expect(r.feed.siteUrl).toBe('http://talkingpointsmemo.com/');
    expect(r.feed.items).toHaveLength(20);
    for (const item of r.feed.items) {
      expect(item.url).toMatch(/^http:\/\/talkingpointsmemo\.com\/[a-z]/);
      expect(item.title).not.toBe('');
      expect(item.publishedAt).toBeGreaterThan(Date.parse('2017-01-01'));
    }
  });

  it('decodes a windows-1251 Russian feed from its XML declaration', async () => {
    const r = await parseFeed(fixture('iconv.xml'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.feed.title).toBe('Новости Оренбурга и области / Раздел Новости');
    expect(r.feed.items).toHaveLength(10);
    expect(r.feed.items[0]!.title).toMatch(/^[А-Яа-яЁё]/);
    expect(r.feed.items[0]!.title).not.toContain('\uFFFD');
  });

  it('decodes a koi8-r feed and resolves its relative item link against the feed URL', async () => {
    const r = await parseFeed(fixture('koi8r.xml'), 'text/xml; charset=KOI8-R', {
      feedUrl: 'https://example.kz/rss/all.xml',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.feed).toMatchObject({ title: 'Новости Алматы', language: 'ru', siteUrl: 'https://example.kz/' });
    expect(r.feed.items[0]).toMatchObject({
      title: 'Сегодня в городе',
      url: 'https://example.kz/news/1',
      summary: 'Краткое описание & подробности',
    });
  });

  it('lets the Content-Type charset win over the XML declaration, and ignores an unknown label', async () => {
    const body = new TextEncoder().encode(
      '<?xml version="1.0" encoding="bogus-charset"?><rss version="2.0"><channel><title>Ünïcode</title><item><link>https://a.example/1</link></item></channel></rss>',
    );
    const r = await parseFeed(body, 'application/rss+xml; charset=utf-8');
    expect(r.ok && r.feed.title).toBe('Ünïcode');
    const r2 = await parseFeed(body);
    expect(r2.ok && r2.feed.title).toBe('Ünïcode');
  });

  it('falls back to the XML declaration when the server wrongly claims UTF-8 for a windows-1251 feed', async () => {
    const r = await parseFeed(fixture('iconv.xml'), 'text/xml; charset=utf-8');
    expect(r.ok && r.feed.title).toBe('Новости Оренбурга и области / Раздел Новости');
  });

  it('gunzips a gzipped body (the windows-1251 feed, compressed)', async () => {
    const r = await parseFeed(fixture('compressed.xml'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.feed.title).toBe('Новости Оренбурга и области / Раздел Новости');
    expect(r.feed.items).toHaveLength(10);
  });

  it('reads a gzipped feed with invalid characters best-effort', async () => {
    const r = await parseFeed(fixture('invalid-characters-gzipped.xml'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.feed.title).toBe('NSHipster');
    expect(r.feed.items.length).toBeGreaterThan(0);
  });

  it('refuses a gzip bomb once the inflated size passes the cap', async () => {
    const bomb = new Uint8Array(gzipSync(Buffer.alloc(20 * MB, 0x20)));
    expect(bomb.byteLength).toBeLessThan(100 * 1024);
    const r = await parseFeed(bomb, undefined, { maxBytes: 5 * MB });
    expect(r).toMatchObject({ ok: false, error: { kind: 'too-large' } });
  });

  it('refuses a body over the byte cap without parsing it', async () => {
    const r = await parseFeed(new Uint8Array(5 * MB + 1));
    expect(r).toMatchObject({ ok: false, error: { kind: 'too-large' } });
  });

  it('refuses a billion-laughs entity bomb as unsafe', async () => {
    const bomb = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss version="2.0"><channel><title>&lol9;</title><item><link>https://a.example/</link></item></channel></rss>`;
    const r = await parseFeed(utf8(bomb));
    expect(r).toMatchObject({ ok: false, error: { kind: 'unsafe' } });
  });

  it('refuses an entity declaration placed after the root element too', async () => {
    const late = `<rss version="2.0"><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><channel><title>&a;</title></channel></rss>`;
    expect(await parseFeed(utf8(late))).toMatchObject({ ok: false, error: { kind: 'unsafe' } });
  });

  it('does not mistake an article quoting "<!ENTITY" inside CDATA for a bomb', async () => {
    const quoting = `<rss version="2.0"><channel><title>XML security</title><item><title>Billion laughs</title><link>https://sec.example/bl</link><description><![CDATA[<pre><!DOCTYPE lolz [<!ENTITY lol "lol">]></pre>]]></description></item></channel></rss>`;
    const r = await parseFeed(utf8(quoting));
    expect(r.ok && r.feed.items.map((i) => i.url)).toEqual(['https://sec.example/bl']);
  });

  it('refuses an external-entity (XXE) declaration as unsafe', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&xxe;</title></channel></rss>`;
    expect(await parseFeed(utf8(xxe))).toMatchObject({ ok: false, error: { kind: 'unsafe' } });
  });

  it('accepts an RSS 0.91 feed with a plain external DOCTYPE, which never gets fetched', async () => {
    const rss091 = `<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old</title><link>https://old.example/</link><item><title>A</title><link>https://old.example/a</link></item></channel></rss>`;
    const r = await parseFeed(utf8(rss091));
    expect(r.ok && r.feed.items.map((i) => i.url)).toEqual(['https://old.example/a']);
  });

  it("calls an HTML page 'not-a-feed'", async () => {
    const r = await parseFeed(fixture('notafeed.html'), 'text/html; charset=utf-8');
    expect(r).toMatchObject({ ok: false, error: { kind: 'not-a-feed' } });
    const r2 = await parseFeed(
      utf8('<html><head><title>Blocked</title></head><body>Access denied</body></html>'),
    );
    expect(r2).toMatchObject({ ok: false, error: { kind: 'not-a-feed' } });
    expect(await parseFeed(new Uint8Array())).toMatchObject({ ok: false, error: { kind: 'not-a-feed' } });
  });

  it("reports ill-formed XML that the parser cannot recover as 'malformed'", async () => {
    const r = await parseFeed(
      utf8('<rss version="2.0"><channel><title>x</title><item><title>a</titl></item></channel>'),
    );
    expect(r).toMatchObject({ ok: false, error: { kind: 'malformed' } });
    expect(r.ok || r.error.message).toBeTruthy();
  });

  it('keeps every item of the corpus feed with a bare & (saxerror) — best effort, not a lost source', async () => {
    const r = await parseFeed(fixture('saxerror.xml'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.feed.items.map((i) => i.url)).toEqual([
      'http://example.com/good',
      'http://example.com/bad?foo=1&bar=2',
      'http://example.com/after',
    ]);
  });

  it('reads the illegally nested corpus feed best-effort', async () => {
    const r = await parseFeed(fixture('illegally-nested.xml'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.feed.items).toHaveLength(10);
  });

  it('keeps the items of a truncated feed that arrived before the cut', async () => {
    const whole = new TextDecoder().decode(fixture('rss2sample.xml'));
    const r = await parseFeed(utf8(whole.slice(0, 1500)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.feed.title).toBe('Liftoff News');
    expect(r.feed.items.length).toBeGreaterThan(0);
  });

  it('drops and counts items without an http(s) link (tag: URIs, javascript:)', async () => {
    const r = await parseFeed(fixture('atom-with-tag-uri-links.xml'));
    expect(r).toMatchObject({ ok: true, dropped: 1, feed: { items: [] } });
    const js = await parseFeed(
      utf8(
        '<rss version="2.0"><channel><title>t</title><item><title>x</title><link>javascript:alert(1)</link></item><item><title>ok</title><link>https://a.example/ok</link></item></channel></rss>',
      ),
    );
    expect(js).toMatchObject({ ok: true, dropped: 1, feed: { items: [{ url: 'https://a.example/ok' }] } });
  });

  it('resolves relative channel and item links against the feed URL', async () => {
    const r = await parseFeed(fixture('rss-with-relative-urls.xml'), undefined, {
      feedUrl: 'https://www.arcgames.com/en/games/neverwinter/news/rss',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.feed.siteUrl).toBe('https://www.arcgames.com/en/games/neverwinter/news');
    expect(r.feed.items[0]!.url).toMatch(
      /^https:\/\/www\.arcgames\.com\/en\/games\/neverwinter\/news\/detail\/10743874-/,
    );
    // Without a feed URL a relative link cannot be trusted to mean anything: dropped, counted.
    const bare = await parseFeed(fixture('rss-with-relative-urls.xml'));
    expect(bare).toMatchObject({ ok: true, dropped: 2, feed: { items: [] } });
  });
});

describe('feed parsing never throws', () => {
  it('ends every fixture, random bytes and a truncated gzip in a result value', async () => {
    const names = readdirSync(new URL('../fixtures/feeds/', import.meta.url)).filter(
      (n) => n !== 'ATTRIBUTION.md',
    );
    const random = new Uint8Array(4096).map((_, i) => (i * 2654435761) >>> 24);
    const truncatedGzip = fixture('compressed.xml').subarray(0, 2000);
    const inputs = [...names.map(fixture), random, truncatedGzip, new Uint8Array([0x1f, 0x8b, 0, 0])];
    for (const input of inputs) {
      const r = await parseFeed(input);
      expect(typeof r.ok).toBe('boolean');
      if (!r.ok) expect(r.error.message.length).toBeGreaterThan(10);
    }
  });

  it('keeps what inflated from a truncated gzip body', async () => {
    const r = await parseFeed(fixture('compressed.xml').subarray(0, 3000));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.feed.title).toBe('Новости Оренбурга и области / Раздел Новости');
  });
});

describe('feed fetching', () => {
  it('stops a 50 MB body at the cap without reading the rest', async () => {
    let pulls = 0;
    const response = new Response(lazyStream(50 * MB, () => pulls++));
    const r = await readCapped(response, 5 * MB);
    expect(r).toMatchObject({ ok: false, error: { kind: 'too-large' } });
    // 5 MB in 64 KiB chunks is 80 pulls; the stream's queue may read a little ahead, never 800.
    expect(pulls).toBeLessThan(100);
  });

  it('refuses up front when Content-Length already says the body is over the cap', async () => {
    let pulls = 0;
    const response = new Response(
      lazyStream(50 * MB, () => pulls++),
      {
        headers: { 'content-length': String(50 * MB) },
      },
    );
    expect(await readCapped(response, 5 * MB)).toMatchObject({ ok: false, error: { kind: 'too-large' } });
    expect(pulls).toBeLessThanOrEqual(1);
  });

  it('ends a never-ending body by timeout', async () => {
    const started = Date.now();
    const r = await readCapped(new Response(neverEndingStream()), 5 * MB, AbortSignal.timeout(50));
    expect(r).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("calls a caller's cancel 'aborted', not a timeout", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 10);
    const r = await readCapped(new Response(neverEndingStream()), 5 * MB, controller.signal);
    expect(r).toMatchObject({ ok: false, error: { kind: 'aborted' } });
  });

  it('reads a body under the cap whole', async () => {
    const r = await readCapped(new Response(lazyStream(200 * 1024)), 5 * MB);
    expect(r.ok && r.bytes.byteLength).toBe(4 * 64 * 1024);
  });

  it("sends the source's etag and Last-Modified as conditional headers", () => {
    expect(conditionalHeaders({ etag: '"abc"', lastModified: 'Mon, 23 Nov 2026 08:00:00 GMT' })).toEqual({
      'If-None-Match': '"abc"',
      'If-Modified-Since': 'Mon, 23 Nov 2026 08:00:00 GMT',
    });
    expect(conditionalHeaders({})).toEqual({});
  });

  it("reports a 304 as 'not-modified' and passes the conditional headers to fetch", async () => {
    let sent: Headers | undefined;
    const fakeFetch = ((_url: string, init?: RequestInit) => {
      sent = new Headers(init?.headers);
      return Promise.resolve(new Response(null, { status: 304 }));
    }) as typeof fetch;
    const r = await fetchFeed(
      { url: 'https://news.example/rss', etag: 'W/"1"', lastModified: 'Sun, 22 Nov 2026 10:00:00 GMT' },
      { fetch: fakeFetch },
    );
    expect(r).toEqual({ status: 'not-modified' });
    expect(sent?.get('if-none-match')).toBe('W/"1"');
    expect(sent?.get('if-modified-since')).toBe('Sun, 22 Nov 2026 10:00:00 GMT');
  });

  it('returns the body with the new validators on a 200, and an http error on a 5xx', async () => {
    const ok = (() =>
      Promise.resolve(
        new Response(fixture('rss2sample.xml') as BodyInit, {
          headers: {
            'content-type': 'application/rss+xml',
            etag: '"v2"',
            'last-modified': 'Mon, 23 Nov 2026 08:00:00 GMT',
          },
        }),
      )) as typeof fetch;
    const r = await fetchFeed({ url: 'https://news.example/rss' }, { fetch: ok });
    expect(r).toMatchObject({
      status: 'ok',
      contentType: 'application/rss+xml',
      etag: '"v2"',
      url: 'https://news.example/rss',
    });
    if (r.status === 'ok') expect((await parseFeed(r.bytes, r.contentType)).ok).toBe(true);

    const down = (() => Promise.resolve(new Response('busy', { status: 503 }))) as typeof fetch;
    expect(await fetchFeed({ url: 'https://news.example/rss' }, { fetch: down })).toMatchObject({
      status: 'error',
      error: { kind: 'http' },
    });
  });

  it("turns a refused connection into a 'network' error", async () => {
    const refused = (() => Promise.reject(new TypeError('fetch failed'))) as typeof fetch;
    expect(await fetchFeed({ url: 'https://blocked.example/rss' }, { fetch: refused })).toMatchObject({
      status: 'error',
      error: { kind: 'network' },
    });
  });
});

describe('feed discovery', () => {
  const page = `<!doctype html><html><head>
    <base href="https://news.example/ru/">
    <link rel="stylesheet" href="/s.css">
    <LINK REL="alternate" TYPE="application/rss+xml" TITLE="Все новости" HREF="rss/all.xml">
    <link href='/atom.xml?x=1&amp;y=2' type='application/atom+xml' rel='alternate'/>
    <link rel="alternate" type="text/html" hreflang="kk" href="/kk/">
    <link rel=alternate type=application/rss+xml href=https://cdn.example/feed.xml>
    <!-- <link rel="alternate" type="application/rss+xml" href="/commented-out.xml"> -->
    <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
    <link rel="alternate" type="application/rss+xml" href="rss/all.xml">
  </head><body></body></html>`;

  it('finds both RSS and Atom links, resolving relative hrefs against <base>', () => {
    expect(discoverFeeds(page, 'https://news.example/ru/index.html')).toEqual([
      { url: 'https://news.example/ru/rss/all.xml', type: 'rss', title: 'Все новости' },
      { url: 'https://news.example/atom.xml?x=1&y=2', type: 'atom' },
      { url: 'https://cdn.example/feed.xml', type: 'rss' },
    ]);
  });

  it('resolves against the page URL when there is no <base>, and finds nothing on a page without feeds', () => {
    const html = '<head><link rel="alternate" type="application/atom+xml" href="feed.atom"></head>';
    expect(discoverFeeds(html, 'https://blog.example/posts/')).toEqual([
      { url: 'https://blog.example/posts/feed.atom', type: 'atom' },
    ]);
    expect(discoverFeeds('<html><head><title>x</title></head></html>', 'https://a.example/')).toEqual([]);
  });
});
