import { describe, expect, it } from 'vitest';
import { splitAddressLines, MAX_ADDRESS_LINES } from '../../../lib/library/address-lines';
import { MAX_OPML_CHARS, MAX_OPML_FEEDS, readOpml, writeOpml } from '../../../lib/library/opml';
import { sourceLabels } from '../../../lib/library/source-labels';

describe('sourceLabels', () => {
  it('keeps a unique title as it is and tells same-titled sources apart by host, then path', () => {
    const labels = sourceLabels([
      { id: '1', title: 'News', url: 'https://www.azattyq.org/rss' },
      { id: '2', title: 'news', url: 'https://vlast.kz/feed' },
      { id: '3', title: 'News', url: 'https://vlast.kz/politics/feed?x=1' },
      { id: '4', title: 'Власть', url: 'https://vlast.kz/' },
    ]);
    expect(labels.get('1')).toBe('News (azattyq.org)');
    expect(labels.get('2')).toBe('news (vlast.kz/feed)');
    expect(labels.get('3')).toBe('News (vlast.kz/politics/feed?x=1)');
    expect(labels.get('4')).toBe('Власть');
    expect(new Set(labels.values()).size).toBe(4);
  });
});

describe('splitAddressLines', () => {
  it('takes one address per line (spaces and commas too), each once, in order, https:// where none is written', () => {
    expect(
      splitAddressLines('https://a.test/rss\n\n  https://b.test \r\nhttps://a.test/rss, c.test').addresses,
    ).toEqual(['https://a.test/rss', 'https://b.test', 'https://c.test']);
  });
  it('stops at a bound and says so', () => {
    const many = Array.from({ length: MAX_ADDRESS_LINES + 5 }, (_, i) => `https://s${i}.test/`).join('\n');
    const split = splitAddressLines(many);
    expect(split.addresses).toHaveLength(MAX_ADDRESS_LINES);
    expect(split.truncated).toBe(true);
  });
});

describe('OPML', () => {
  it('writes the feeds (not the pages) and reads them back, escaping what needs escaping', () => {
    const text = writeOpml([
      { url: 'https://a.test/feed?x=1&y=2', title: 'A & "B" <c>', kind: 'feed' },
      { url: 'https://p.test/', title: 'A page', kind: 'page' },
    ]);
    expect(text).toContain('<opml version="2.0">');
    expect(text).not.toContain('<c>');
    expect(readOpml(text)).toEqual({
      ok: true,
      feeds: [{ url: 'https://a.test/feed?x=1&y=2', title: 'A & "B" <c>' }],
      skipped: 0,
      truncated: false,
    });
  });

  it('flattens folders, skips non-http addresses, drops duplicates', () => {
    const read = readOpml(`<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
      <outline text="Folder"><outline text="Evil" xmlUrl="javascript:alert(1)"/><outline text="Y" xmlUrl="https://y.test/rss"/>
      <outline text="Deeper"><outline text="Z" xmlUrl="http://z.test/atom"/></outline></outline>
      <outline text="Y again" xmlUrl="https://y.test/rss"/><outline text="File" xmlUrl="file:///etc/passwd"/></body></opml>`);
    expect(read).toEqual({
      ok: true,
      feeds: [
        { url: 'https://y.test/rss', title: 'Y' },
        { url: 'http://z.test/atom', title: 'Z' },
      ],
      skipped: 2,
      truncated: false,
    });
  });

  it('refuses entity declarations, non-OPML, broken XML and oversized files; bounds the count', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><opml><body><outline xmlUrl="https://a.test/&b;"/></body></opml>`;
    expect(readOpml(bomb)).toEqual({ ok: false, reason: 'invalid' });
    expect(readOpml('<rss><channel/></rss>')).toEqual({ ok: false, reason: 'invalid' });
    expect(readOpml('<opml><body><outline xmlUrl="https://y.test/rss"')).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(readOpml('<opml version="2.0"><body><outline text="no feed"/></body></opml>')).toEqual({
      ok: false,
      reason: 'empty',
    });
    expect(readOpml(`<opml>${' '.repeat(MAX_OPML_CHARS)}</opml>`)).toEqual({
      ok: false,
      reason: 'too-large',
    });
    const many = Array.from(
      { length: MAX_OPML_FEEDS + 3 },
      (_, i) => `<outline text="f" xmlUrl="https://f${i}.test/"/>`,
    );
    const read = readOpml(`<opml version="2.0"><body>${many.join('')}</body></opml>`);
    expect(read.ok && read.feeds.length).toBe(MAX_OPML_FEEDS);
    expect(read.ok && read.truncated).toBe(true);
  });
});
