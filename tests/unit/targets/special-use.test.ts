import { describe, expect, it } from 'vitest';
import {
  activeTargets,
  activeTargetsReport,
  isDiagnosableNavigationError,
  targetForUrl,
} from '../../../lib/engine';
import { resolveOverHttps } from '../../../lib/probe/doh';
import { DEFAULT_SETTINGS } from '../../../lib/settings';
import { addTarget, normaliseTargetUrl, parseTestListCsv, specialUseOf } from '../../../lib/targets';
import type { Target } from '../../../lib/targets/types';

// Issue #12: a failed .onion / .local / intranet page was diagnosed by asking public DoH resolvers
// about its name, and the name was stored for 90 days.

const LOCAL_NAMES = [
  'duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion', // RFC 7686
  'www.facebookwkhpilnemxj7asaniu7vnjjbiltxjqhye3mhbshg7kx5tfyd.onion',
  'printer.local', // RFC 6762
  'localhost', // RFC 6761 §6.3
  'app.localhost',
  'router.home.arpa', // RFC 8375
  'git.corp.internal', // ICANN 2024 private-use TLD
  'site.alt', // RFC 9476
  'forum.i2p',
  'nas.lan',
  'wiki.corp',
  'fileserver', // a single label is an intranet name
  'PRINTER.LOCAL.', // any case, trailing dot
];
const PRIVATE_ADDRESSES = [
  '10.0.0.1',
  '172.16.5.4',
  '192.168.1.1',
  '127.0.0.1',
  '169.254.1.1',
  '100.64.0.1', // CGNAT
  '[::1]',
  '::1',
  '[fd00::1]',
  '[fe80::1]',
  '[::ffff:a00:1]', // 10.0.0.1, IPv4-mapped as the URL parser writes it
  '::ffff:192.168.0.1',
];
const PUBLIC = [
  'vlast.kz',
  'www.facebook.com',
  'clean.lab.test',
  'example.com',
  'onion.kz',
  'local.kz',
  '8.8.8.8',
  '[2001:db9::1]',
];

describe('special-use names and addresses', () => {
  it('knows local names, onion names and private addresses, and leaves public names alone', () => {
    for (const name of LOCAL_NAMES) expect(specialUseOf(name), name).toBeDefined();
    for (const ip of PRIVATE_ADDRESSES) expect(specialUseOf(ip), ip).toBe('private-address');
    for (const name of PUBLIC) expect(specialUseOf(name), name).toBeUndefined();
    expect(specialUseOf(LOCAL_NAMES[0]!)).toBe('onion');
    expect(specialUseOf('printer.local')).toBe('local-name');
  });

  it('lets .test names through: RFC 6761 §6.2 test names, what the censor lab uses', () => {
    expect(specialUseOf('blocked.lab.test')).toBeUndefined();
    expect(normaliseTargetUrl('https://blocked.lab.test/')).toEqual({
      ok: true,
      url: 'https://blocked.lab.test/',
    });
  });
});

describe('a failed page on a local or onion address', () => {
  it('does not start a diagnosis', () => {
    for (const host of [...LOCAL_NAMES, '192.168.1.1', '[fd00::1]']) {
      const url = `http://${host.replace(/\.$/, '')}/page`;
      expect(isDiagnosableNavigationError('net::ERR_NAME_NOT_RESOLVED', url), url).toBe(false);
      expect(isDiagnosableNavigationError('net::ERR_CONNECTION_REFUSED', url), url).toBe(false);
    }
    // A public name still is diagnosed.
    expect(isDiagnosableNavigationError('net::ERR_NAME_NOT_RESOLVED', 'https://vlast.kz/')).toBe(true);
  });

  it('gets no target, so neither "Check this site" nor a trigger measures or stores it', () => {
    for (const url of [
      'http://expyuzz4wqqyqhjn.onion/',
      'http://printer.local/',
      'http://192.168.0.1/admin',
      'http://router/',
    ]) {
      expect(targetForUrl(url, []), url).toBeUndefined();
    }
    expect(targetForUrl('https://vlast.kz/news', [])?.url).toBe('https://vlast.kz/');
  });
});

describe('DoH resolution of a special-use name', () => {
  it('is refused without any request reaching a resolver', async () => {
    const asked: string[] = [];
    const fetch = (async (url: URL | string) => {
      asked.push(String(url));
      return new Response('{}', { status: 500 });
    }) as typeof globalThis.fetch;
    for (const name of ['facebookcorewwwi.onion', 'nas.local', 'intranet', '10.1.2.3']) {
      const answer = await resolveOverHttps('https://dns.google/dns-query', name, {
        fetch,
        timeoutMs: 1_000,
      });
      expect(answer.ok, name).toBe(false);
      expect(answer.error).toMatch(/special-use/);
    }
    expect(asked).toEqual([]);
  });
});

describe('targets with a special-use host', () => {
  it('are refused when typed, with a reason', () => {
    for (const url of [
      'http://printer.local/',
      'duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion',
      'http://192.168.1.1/',
      'http://localhost:8080/',
    ]) {
      const result = addTarget([], { url });
      expect(result.ok, url).toBe(false);
      expect(result.ok === false && result.reason, url).toBe('special-use');
    }
  });

  it('are refused, line by line, from a CSV file; the other rows are kept', () => {
    const { targets, errors } = parseTestListCsv(
      'url,category_code\nhttps://vlast.kz/,NEWS\nhttp://abc.onion/,ANON\nhttp://10.0.0.1/,MISC\nhttps://nas.lan/,MISC\n',
    );
    expect(targets.map((t) => t.url)).toEqual(['https://vlast.kz/']);
    expect(errors.map((e) => [e.line, e.reason])).toEqual([
      [3, 'special-use'],
      [4, 'special-use'],
      [5, 'special-use'],
    ]);
  });

  it('from a settings file are never measured, and the options page is told how many', () => {
    const onion: Target = {
      id: 'http://abc.onion/',
      url: 'http://abc.onion/',
      name: 'abc',
      category: 'news',
      source: 'user',
    };
    const good: Target = {
      id: 'https://vlast.kz/',
      url: 'https://vlast.kz/',
      name: 'vlast',
      category: 'news',
      source: 'user',
    };
    const settings = { ...DEFAULT_SETTINGS, packId: 'none', customTargets: [onion, good] };
    expect(activeTargets(settings)).toEqual([good]);
    expect(activeTargetsReport(settings)).toMatchObject({ specialUse: 1, overCap: 0 });
  });
});
