import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  confidenceOf,
  createFingerprintMatcher,
  FINGERPRINT_STATS,
  matchDnsIp,
  matchHttp,
  WEAK_PATTERN_MAX_BODY,
} from '../../../lib/fingerprints';
import { buildAutomaton, findAll } from '../../../lib/fingerprints/aho-corasick';
import { compileRecords, SOURCE_FILES, type FingerprintRecord } from '../../../lib/fingerprints/compile';
import { DNS_FINGERPRINTS, HTTP_FINGERPRINTS } from '../../../lib/fingerprints/table.generated';
import { renderFingerprintTable, TABLE_FILE } from '../../../scripts/fingerprint-table';

const HEADER =
  'name,scope,other_names,location_found,pattern_type,pattern,confidence_no_fp,expected_countries,source,exp_url,notes';

function records(csv: string): FingerprintRecord[] {
  return parse(`${HEADER}\n${csv}`, { columns: true, skip_empty_lines: true }) as FingerprintRecord[];
}

function readCsv(file: string): FingerprintRecord[] {
  const path = new URL(`../../../data/fingerprints/${file}`, import.meta.url);
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  return parse(text, { columns: true, skip_empty_lines: true, bom: true }) as FingerprintRecord[];
}

describe('compiling the dataset', () => {
  it('keeps the generated table in step with the CSVs', () => {
    const compiled = compileRecords(SOURCE_FILES.http.flatMap(readCsv), SOURCE_FILES.dns.flatMap(readCsv));
    expect(compiled.http).toEqual(HTTP_FINGERPRINTS);
    expect(compiled.dns).toEqual(DNS_FINGERPRINTS);
    expect(compiled.stats).toEqual(FINGERPRINT_STATS);
  });

  it('keeps the committed table.generated.ts byte for byte what `npm run fingerprints` writes', () => {
    // Regenerated in memory: a hand edit of the table, or a CSV change without a rerun, fails here.
    expect(readFileSync(TABLE_FILE, 'utf8')).toBe(renderFingerprintTable().text);
  });

  it("drops OONI's false-positive and benign-injection scopes and counts them", () => {
    expect(FINGERPRINT_STATS.http.skipped['false-positive-scope']).toBe(475);
    expect(FINGERPRINT_STATS.http.skipped['benign-injection-scope']).toBe(1);
    expect(HTTP_FINGERPRINTS.some(([name]) => name.startsWith('cp.fp_'))).toBe(false);
  });

  it('skips and counts regexps JavaScript rejects or that match anything', () => {
    const { http, stats } = compileRecords(
      records(
        [
          'x.bad_0,nat,,body,regexp,(?P<name>blocked),5,,,,python named group',
          'x.bad_1,nat,,body,regexp,(unclosed,5,,,,',
          'x.bad_2,nat,,body,regexp,a*,5,,,,matches the empty string',
          'x.good_0,nat,,body,regexp,Доступ .* ограничен,5,RU,,,',
        ].join('\n'),
      ),
      [],
    );
    expect(http.map(([name]) => name)).toEqual(['x.good_0']);
    expect(stats.http.skipped).toEqual({ 'invalid-regexp': 2, 'regexp-matches-empty': 1 });
  });

  it('skips generic bogons and host names among DNS fingerprints', () => {
    const { dns, stats } = compileRecords(
      [],
      records(
        [
          'x.dns_0,vbw,,dns,full,127.0.0.1,10,,,,',
          'x.dns_1,nat,,dns,full,internet-positif.org,10,ID,,,',
          'x.dns_2,isp,,dns,full,134.17.0.7,5,BY,,,',
          'x.dns_3,isp,,dns,full,999.1.1.1,5,,,,',
        ].join('\n'),
      ),
    );
    expect(dns).toEqual([['x.dns_2', 'isp', '134.17.0.7', 5, 'BY']]);
    expect(stats.dns.skipped).toEqual({ 'generic-bogon': 1, 'not-an-ip': 2 });
  });

  it('lower-cases header names and keeps patterns byte for byte', () => {
    const { http } = compileRecords(records('x.h_0,isp,,header.Server,prefix," Filter ",5,xx,,,'), []);
    expect(http).toEqual([['x.h_0', 'isp', 'header.server', 'prefix', ' Filter ', 5, 'XX']]);
  });

  it('ships the lab markers and the regional entries', () => {
    const names = HTTP_FINGERPRINTS.map(([name]) => name);
    expect(names).toEqual(
      expect.arrayContaining(['vantage.lab_0', 'vantage.lab_1', 'vantage.kz_0', 'vantage.by_0']),
    );
  });
});

describe('confidence_no_fp', () => {
  it.each([
    [10, 'isp', 'confirmed'],
    [9, 'nat', 'confirmed'],
    [5, 'isp', 'confirmed'],
    [8, 'isp', 'likely'],
    [6, 'nat', 'likely'],
    [4, 'nat', 'likely'],
    [3, 'isp', 'likely'],
    [2, 'nat', 'possible'],
    [0, 'nat', 'possible'],
    [10, 'vbw', 'possible'],
  ] as const)('maps %i in scope %s to %s', (score, scope, confidence) => {
    expect(confidenceOf(score, scope)).toBe(confidence);
  });
});

describe('matchHttp', () => {
  it('matches a body that contains a blockpage pattern', () => {
    expect(matchHttp({ body: '<p>Реестр: http://eais.rkn.gov.ru/</p>' })).toMatchObject({
      name: 'ooni.ru_5',
      confidence: 'confirmed',
      countries: ['RU'],
      location: 'body',
    });
  });

  it('matches a header by its lower-cased name', () => {
    expect(matchHttp({ headers: { server: 'Protected by WireFilter 8000' } })).toMatchObject({
      name: 'ooni.ae_0',
      location: 'header.server',
      value: 'Protected by WireFilter 8000',
    });
  });

  it("matches the lab's block host among redirect targets", () => {
    expect(
      matchHttp({ redirectLocations: ['https://news.lab.test/', 'http://block.lab.test/?u=news'] }),
    ).toMatchObject({
      name: 'vantage.lab_1',
      confidence: 'confirmed',
      countries: ['ZZ'],
      location: 'header.location',
      value: 'http://block.lab.test/?u=news',
    });
  });

  it('matches a Location header as well as redirect hops', () => {
    expect(matchHttp({ headers: { location: 'http://blocked.mgts.ru/?x' } })).toMatchObject({
      name: 'ooni.ru_17', // MGTS, Moscow: prefix http://blocked.mgts.ru
      location: 'header.location',
    });
  });

  it('matches a dataset prefix written without its scheme', () => {
    expect(matchHttp({ redirectLocations: ['http://block.ip.center.rt.ru/?url=x'] })?.name).toBe(
      'ooni.ru_52',
    );
  });

  it('matches a full pattern only when the whole value equals it', () => {
    expect(matchHttp({ headers: { server: 'SonicWALL' } })?.name).toBe('ooni.br_1');
    expect(matchHttp({ headers: { server: 'SonicWALL 2' } })).toBeUndefined();
  });

  it('matches regexp fingerprints', () => {
    expect(matchHttp({ body: '<p>URL is blocked by SpIDer Gate</p>' })?.name).toMatch(/drweb|spirdergate/);
    const body = '<p>Sorry, but the URL you are requesting is prohibited!</p>';
    expect(matchHttp({ body })?.name).toBe('cp.f_gen_blocked_23');
  });

  it('matches the Belarusian Ministry of Information blockpage', () => {
    const body =
      '<p>Доступ к информационному ресурсу ограничен на основании решения Министерства информации Республики Беларусь</p>';
    expect(matchHttp({ body })).toMatchObject({
      name: 'vantage.by_0',
      confidence: 'likely',
      countries: ['BY'],
    });
  });

  it('prefers a confirmed fingerprint over a vague one', () => {
    const body = '<title>Доступ ограничен</title> see http://eais.rkn.gov.ru/';
    expect(matchHttp({ body })?.name).toBe('ooni.ru_5');
  });

  it('ignores a vague pattern on a page too large to be a blockpage', () => {
    const small = '<h1>Доступ ограничен</h1>';
    expect(matchHttp({ body: small })?.confidence).toBe('possible');
    const article = `${'<p>Новости дня.</p>'.repeat(WEAK_PATTERN_MAX_BODY / 10)}${small}`;
    expect(matchHttp({ body: article })).toBeUndefined();
  });

  it('finds a pattern at the end of a 1 MB body', () => {
    const filler = '<div class="story"><a href="https://example.com/a">Headline</a> text text text</div>\n';
    const body = `${filler.repeat(Math.ceil(1_048_576 / filler.length))}<!-- vantage-lab-blockpage -->`;
    expect(body.length).toBeGreaterThan(1_048_576);
    expect(matchHttp({ body })?.name).toBe('vantage.lab_0');
    expect(matchHttp({ body: body.slice(0, -30) })).toBeUndefined();
  });

  it('returns nothing for an ordinary page', () => {
    expect(
      matchHttp({ body: '<html><title>Weather</title><p>Sunny</p></html>', headers: { server: 'nginx' } }),
    ).toBeUndefined();
  });
});

describe('matchDnsIp', () => {
  it('matches a known blockpage address', () => {
    expect(matchDnsIp('134.17.0.7')).toMatchObject({
      name: 'ooni.by_4',
      confidence: 'confirmed',
      location: 'dns',
    });
    expect(matchDnsIp('::ffff:134.17.0.7')?.name).toBe('ooni.by_4');
  });

  it('does not treat generic bogons as known blockpage addresses', () => {
    expect(matchDnsIp('127.0.0.1')).toBeUndefined();
    expect(matchDnsIp('0.0.0.0')).toBeUndefined();
  });
});

describe('createFingerprintMatcher', () => {
  it('never throws on a regexp the engine rejects', () => {
    const matcher = createFingerprintMatcher({
      http: [['x.r_0', 'nat', 'body', 'regexp', '(?P<x>a)', 5, '']],
      dns: [],
    });
    expect(matcher.matchHttp({ body: 'a' })).toBeUndefined();
  });
});

describe('Aho–Corasick', () => {
  it('finds overlapping and nested patterns once each', () => {
    const automaton = buildAutomaton(['he', 'she', 'his', 'hers', '']);
    expect(findAll(automaton, 'ushers and hishers').sort()).toEqual([0, 1, 2, 3]);
    expect(findAll(automaton, 'nothing')).toEqual([]);
  });
});
