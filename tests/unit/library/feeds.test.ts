import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBody, declaredCharset } from '../../../lib/net/charset';
import { discoverFeeds } from '../../../lib/library/discover';
import { parseFeedText } from '../../../lib/library/feeds';
import { gunzipIfGzip } from '../../../lib/library/fetch-body';

const fixture = (name: string) => new Uint8Array(readFileSync(`tests/fixtures/feeds/${name}`));
const text = (name: string) => decodeBody(fixture(name), null);

describe('parseFeedText', () => {
  it('reads an RSS 2.0 feed into absolute article links with titles and dates', () => {
    const feed = parseFeedText(text('rss2sample.xml'), 'https://liftoff.msfc.nasa.gov/rss.xml');
    if (!feed.ok) throw new Error(feed.reason);
    expect(feed.format).toBe('rss');
    expect(feed.title).toBe('Liftoff News');
    expect(feed.items.length).toBeGreaterThanOrEqual(3);
    expect(feed.items[0]).toMatchObject({
      url: 'http://liftoff.msfc.nasa.gov/news/2003/news-starcity.asp',
      title: 'Star City',
      publishedAt: Date.parse('Tue, 03 Jun 2003 09:39:21 GMT'),
    });
  });

  it('reads an Atom feed, taking each entry’s alternate link', () => {
    const feed = parseFeedText(text('tpm.atom'), 'https://talkingpointsmemo.com/feed');
    if (!feed.ok) throw new Error(feed.reason);
    expect(feed.format).toBe('atom');
    expect(feed.items.length).toBeGreaterThan(5);
    for (const item of feed.items) expect(item.url).toMatch(/^https?:\/\/talkingpointsmemo\.com\//);
  });

  it('resolves relative item links against the feed address', () => {
    const feed = parseFeedText(text('rss-with-relative-urls.xml'), 'https://news.example/feeds/main.xml');
    if (!feed.ok) throw new Error(feed.reason);
    for (const item of feed.items) expect(item.url).toMatch(/^https?:\/\//);
  });

  it('says an HTML page is not a feed', () => {
    expect(parseFeedText(text('notafeed.html'), 'https://x.example/')).toMatchObject({
      ok: false,
      reason: 'not-a-feed',
    });
  });

  it('keeps the good items of a feed with a broken one, or says it is malformed — never throws', () => {
    for (const name of ['saxerror.xml', 'illegally-nested.xml', 'intertwingly.atom']) {
      const result = parseFeedText(text(name), 'https://x.example/feed');
      expect(result.ok || ['feed-malformed', 'not-a-feed'].includes(result.reason), name).toBe(true);
    }
  });

  it('refuses a billion-laughs entity bomb before parsing it', () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' +
      '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><rss version="2.0"><channel><title>&c;</title>' +
      '<item><title>x</title><link>https://x.example/1</link></item></channel></rss>';
    expect(parseFeedText(bomb, 'https://x.example/feed')).toMatchObject({
      ok: false,
      reason: 'feed-entities',
    });
  });

  it('answers truncated XML and binary garbage with a failure value', () => {
    const truncated = text('rss2sample.xml').slice(0, 700);
    const result = parseFeedText(truncated, 'https://x.example/feed');
    expect(result.ok ? 'ok' : result.reason).toMatch(/^(ok|feed-malformed|not-a-feed)$/);
    const garbage = parseFeedText('\u0000\u0001\u0002 not xml at all', 'https://x.example/feed');
    expect(garbage).toMatchObject({ ok: false });
  });

  it('skips items whose links are not http(s)', () => {
    const rss =
      '<rss version="2.0"><channel><title>t</title><item><title>bad</title><link>javascript:alert(1)</link></item>' +
      '<item><title>good</title><link>https://x.example/good</link></item></channel></rss>';
    const feed = parseFeedText(rss, 'https://x.example/feed');
    if (!feed.ok) throw new Error(feed.reason);
    expect(feed.items.map((i) => i.url)).toEqual(['https://x.example/good']);
  });
});

describe('charset', () => {
  it('decodes a windows-1251 feed by its XML declaration, not as UTF-8', () => {
    const bytes = fixture('iconv.xml');
    expect(declaredCharset(bytes, 'text/xml')).toBe('windows-1251');
    const feed = parseFeedText(decodeBody(bytes, 'text/xml'), 'http://www.oren.ru/rss');
    if (!feed.ok) throw new Error(feed.reason);
    expect(feed.title).toMatch(/[А-Яа-я]{4}/);
    expect(feed.title).not.toContain('\uFFFD');
  });

  it('decodes a KOI8-R feed by its XML declaration (older Russian-language sites still serve it)', () => {
    const bytes = fixture('koi8r.xml');
    expect(declaredCharset(bytes, 'application/rss+xml')).toBe('koi8-r');
    const feed = parseFeedText(decodeBody(bytes, 'application/rss+xml'), 'https://example.kz/rss');
    if (!feed.ok) throw new Error(feed.reason);
    expect(feed.title).toBe('Новости Алматы');
    expect(feed.items[0]).toMatchObject({ url: 'https://example.kz/news/1', title: 'Сегодня в городе' });
  });

  it('drops tag: URIs as article links (only http(s) pages can be fetched)', () => {
    const feed = parseFeedText(text('atom-with-tag-uri-links.xml'), 'https://example.org/feed');
    if (!feed.ok) throw new Error(feed.reason);
    for (const item of feed.items) expect(item.url).toMatch(/^https?:\/\//);
  });

  it('lets the Content-Type charset win over the XML declaration', () => {
    const bytes = new TextEncoder().encode('<?xml version="1.0" encoding="windows-1251"?><a/>');
    expect(declaredCharset(bytes, 'application/xml; charset=UTF-8')).toBe('utf-8');
  });

  it('falls back to UTF-8 for an unknown label', () => {
    expect(
      declaredCharset(new TextEncoder().encode('<?xml encoding="x-klingon"?>'), 'text/xml; charset=bogus'),
    ).toBe('utf-8');
  });
});

describe('gzip bodies', () => {
  it('inflates a feed that is a gzip file', async () => {
    const inflated = await gunzipIfGzip(fixture('compressed.xml'), 1024 * 1024);
    if (!(inflated instanceof Uint8Array)) throw new Error(inflated.reason);
    const feed = parseFeedText(decodeBody(inflated, null), 'http://www.oren.ru/rss');
    expect(feed.ok).toBe(true);
  });

  it('stops inflating at the cap (a gzip bomb)', async () => {
    const zeros = new Uint8Array(8 * 1024 * 1024);
    const bomb = new Uint8Array(
      await new Response(new Blob([zeros]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer(),
    );
    expect(bomb.byteLength).toBeLessThan(64 * 1024);
    expect(await gunzipIfGzip(bomb, 1024 * 1024)).toMatchObject({ ok: false, reason: 'too-large' });
  });
});

describe('discoverFeeds', () => {
  it('finds RSS and Atom alternates in a page head, absolute, once each', () => {
    const html = `<html><head>
      <link rel="stylesheet" href="/s.css">
      <link rel="alternate" type="application/rss+xml" title="News" href="/rss/all">
      <LINK REL='alternate' TYPE='application/atom+xml' HREF='https://cdn.example/atom.xml?a=1&amp;b=2'>
      <link rel="alternate" hreflang="ru" href="/ru/">
      <link rel="alternate" type="application/rss+xml" href="/rss/all">
      <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
    </head></html>`;
    expect(discoverFeeds(html, 'https://news.example/article/1')).toEqual([
      'https://news.example/rss/all',
      'https://cdn.example/atom.xml?a=1&b=2',
    ]);
  });

  it('finds nothing in a page without feeds', () => {
    expect(discoverFeeds(text('notafeed.html'), 'https://x.example/')).toEqual([]);
  });
});
