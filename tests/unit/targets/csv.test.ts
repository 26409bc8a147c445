import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_TARGETS, mergeWithinCap, parseTestListCsv } from '../../../lib/targets';

// Fixtures are written for these tests in Citizen Lab's layout; citizenlab/ holds rows built from
// facts of the real lists (hosts, codes), with our own notes (its SOURCES.md).
const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/targets/${name}`, import.meta.url), 'utf8');

describe('parseTestListCsv', () => {
  it('imports every row of a well-formed Citizen Lab list as an import target', () => {
    const { targets, errors } = parseTestListCsv(fixture('valid.csv'));
    expect(errors).toEqual([]);
    expect(targets.map((t) => t.url)).toEqual([
      'https://vlast.kz/',
      'https://www.facebook.com/',
      'https://www.youtube.com/',
      'https://web.telegram.org/',
      'https://mail.example.org/',
      'https://www.torproject.org/',
      'https://example.com/',
      'https://church.example.net/',
      'https://newcode.example.net/',
    ]);
    expect(targets[0]).toEqual({
      id: 'https://vlast.kz/',
      url: 'https://vlast.kz/',
      name: 'vlast.kz',
      category: 'news',
      source: 'import',
      categoryCode: 'NEWS',
      notes: 'independent outlet, Almaty',
    });
  });

  it('maps Citizen Lab codes to the questions users ask and keeps the code', () => {
    const { targets } = parseTestListCsv(fixture('valid.csv'));
    const byHost = Object.fromEntries(
      targets.map((t) => [new URL(t.url).hostname, [t.category, t.categoryCode]]),
    );
    expect(byHost).toEqual({
      'vlast.kz': ['news', 'NEWS'],
      'www.facebook.com': ['social', 'GRP'],
      'www.youtube.com': ['social', 'MMED'],
      'web.telegram.org': ['messengers', 'COMT'],
      'mail.example.org': ['other', 'COMT'],
      'www.torproject.org': ['circumvention', 'ANON'],
      'example.com': ['control-global', 'CTRL'],
      'church.example.net': ['other', 'REL'],
      'newcode.example.net': ['other', 'ZZZ'],
    });
  });

  it('reports each bad row of a BOM/CRLF file by its line number and keeps the valid rows', () => {
    const { targets, errors } = parseTestListCsv(fixture('malformed.csv'));
    expect(targets.map((t) => t.url)).toEqual([
      'https://orda.kz/',
      'https://kloop.kg/',
      'https://signal.org/',
      'https://psiphon.ca/',
      'https://meduza.io/',
      'https://www.bbc.com/russian',
    ]);
    expect(errors.map((e) => e.line)).toEqual([3, 4, 8, 9, 10, 14, 16]);
  });

  it('reports a row with an ftp URL by its line number and keeps the valid rows', () => {
    const { targets, errors } = parseTestListCsv(
      'url,category_code\nhttps://orda.kz/,NEWS\nftp://files.example.org/,FILE\nhttps://vlast.kz/,NEWS\n',
    );
    expect(targets.map((t) => t.url)).toEqual(['https://orda.kz/', 'https://vlast.kz/']);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.line).toBe(3);
    expect(errors[0]?.reason).toBe('not-http');
    expect(errors[0]?.text).toBe('ftp://files.example.org/');
    expect(errors[0]?.message).toMatch(/only http and https/);
    expect(errors[0]?.message).toContain('ftp:');
  });

  it('says which earlier line a duplicate repeats, whatever its spelling', () => {
    const { targets, errors } = parseTestListCsv('url\nhttps://orda.kz/\nhttps://ORDA.kz/#top\nORDA.KZ\n');
    expect(targets).toHaveLength(1);
    expect(errors).toEqual([
      {
        line: 3,
        reason: 'duplicate',
        message: 'duplicate of line 2: https://orda.kz/',
        text: 'https://ORDA.kz/#top',
      },
      { line: 4, reason: 'duplicate', message: 'duplicate of line 2: https://orda.kz/', text: 'ORDA.KZ' },
    ]);
  });

  it('reports an empty URL and a javascript: URL without dropping their neighbours', () => {
    const { targets, errors } = parseTestListCsv(
      'url,category_code\n,NEWS\njavascript:alert(1),NEWS\nhttps://kloop.kg/,NEWS\n',
    );
    expect(targets.map((t) => t.url)).toEqual(['https://kloop.kg/']);
    expect(errors.map((e) => [e.line, e.message])).toEqual([
      [2, 'empty URL'],
      [3, expect.stringMatching(/only http and https URLs can be tested, not javascript:/)],
    ]);
  });

  it('reads quoted fields that hold commas and newlines, numbering rows by the line they start on', () => {
    const text =
      'url,category_code,notes\n"https://vlast.kz/",NEWS,"one, two\nthree"\nftp://x.example.org/,NEWS,\n';
    const { targets, errors } = parseTestListCsv(text);
    expect(targets.map((t) => t.url)).toEqual(['https://vlast.kz/']);
    expect(errors.map((e) => e.line)).toEqual([4]);
  });

  it('contains an unclosed quote to its own line instead of swallowing the rest of the file', () => {
    const text =
      'url,category_code\n"https://a.example.org/,NEWS\nhttps://orda.kz/,NEWS\nhttps://vlast.kz/,NEWS\n';
    const { targets, errors } = parseTestListCsv(text);
    expect(targets.map((t) => t.url)).toEqual(['https://orda.kz/', 'https://vlast.kz/']);
    expect(errors).toEqual([
      { line: 2, reason: 'malformed', message: 'malformed row: a quoted field is never closed' },
    ]);
  });

  it('keeps a row whose unquoted notes contain a stray quote', () => {
    const { targets, errors } = parseTestListCsv(
      'url,category_code,notes\nhttps://orda.kz/,NEWS,a 5" screen\n',
    );
    expect(errors).toEqual([]);
    expect(targets.map((t) => t.url)).toEqual(['https://orda.kz/']);
  });

  it('accepts rows with extra or missing trailing columns', () => {
    const { targets, errors } = parseTestListCsv(
      [
        'url,category_code,category_description,date_added,source,notes',
        'https://orda.kz/,NEWS,News,2024-01-01,x,y,z,extra',
        'https://psiphon.ca/',
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(targets.map((t) => [t.url, t.category])).toEqual([
      ['https://orda.kz/', 'news'],
      ['https://psiphon.ca/', 'other'],
    ]);
  });

  it('finds the url column by name when a header orders columns differently', () => {
    const { targets } = parseTestListCsv('category_code,URL\nANON,https://psiphon.ca/\n');
    expect(targets).toEqual([
      expect.objectContaining({ url: 'https://psiphon.ca/', category: 'circumvention' }),
    ]);
  });

  it('reads a file without a header as a list of URLs, defaulting bare domains to https', () => {
    const { targets, errors } = parseTestListCsv(fixture('bare-list.csv'));
    expect(errors).toEqual([]);
    expect(targets.map((t) => [t.url, t.category])).toEqual([
      ['https://vlast.kz/', 'other'],
      ['https://orda.kz/', 'other'],
      ['https://www.azattyq.org/', 'news'],
    ]);
  });

  it('drops a category code that is not a plain code instead of storing arbitrary text', () => {
    const { targets } = parseTestListCsv('url,category_code\nhttps://orda.kz/,<img src=x>\n');
    expect(targets[0]).not.toHaveProperty('categoryCode');
    expect(targets[0]?.category).toBe('other');
  });

  it('returns nothing and no errors for an empty file or a header alone', () => {
    expect(parseTestListCsv('')).toEqual({ targets: [], errors: [] });
    expect(
      parseTestListCsv('\uFEFFurl,category_code,category_description,date_added,source,notes\r\n'),
    ).toEqual({
      targets: [],
      errors: [],
    });
  });

  it('keeps at most 5,000 sites from a 5 MB file and says how many lines past that it did not read', () => {
    // ~178,000 rows fit in the 5 MB the options page accepts.
    const rows = Array.from({ length: 178_463 }, (_, i) => `https://s${i}.example.org/,NEWS`);
    const text = `url,category_code\n${rows.join('\n')}\n`;
    expect(text.length).toBeGreaterThan(5_000_000);
    const { targets, errors } = parseTestListCsv(text);
    expect(MAX_TARGETS).toBe(5_000);
    expect(targets).toHaveLength(5_000);
    expect(targets.at(-1)?.url).toBe('https://s4999.example.org/');
    // Line 1 is the header: site 5,000 (index 5000) is on line 5,002.
    expect(errors).toEqual([
      {
        line: 5_002,
        reason: 'too-many',
        skipped: 178_463 - 5_000,
        message: 'from line 5002 on, 173463 more lines not read: at most 5000 sites',
      },
    ]);
  });

  it('counts only kept sites towards the cap: refused rows do not use it up', () => {
    const { targets, errors } = parseTestListCsv(
      'http://a.onion/\nhttps://a.kz/\nhttps://a.kz/\nhttps://b.kz/\nhttps://c.kz/\n',
      { max: 2 },
    );
    expect(targets.map((t) => t.url)).toEqual(['https://a.kz/', 'https://b.kz/']);
    expect(errors.map((e) => [e.line, e.reason, e.skipped])).toEqual([
      [1, 'special-use', undefined],
      [3, 'duplicate', undefined],
      [5, 'too-many', 1],
    ]);
  });
});

describe('mergeWithinCap', () => {
  const site = (i: number) => ({
    id: `https://s${i}.kz/`,
    url: `https://s${i}.kz/`,
    name: `s${i}`,
    category: 'news' as const,
    source: 'import' as const,
  });
  it('adds new sites until the list and the pack reach the cap, and counts the rest', () => {
    const base = [site(0), site(1)];
    const merged = mergeWithinCap(base, [site(1), site(2), site(3), site(4)], 1, 4);
    expect(merged.list.map((t) => t.id)).toEqual([site(0).id, site(1).id, site(2).id]);
    expect(merged).toMatchObject({ added: 1, overCap: 2 });
  });
});
