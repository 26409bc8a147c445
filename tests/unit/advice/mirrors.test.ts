import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  archiveLinks,
  findAlternatives,
  loadMirrorList,
  MIRRORS_KEY,
  parseMirrorList,
  refreshMirrors,
  type KeyValueStore,
} from '../../../lib/advice';
import { loadInstalledBundle } from '../../../lib/data-bundle';
import { migrateSettings } from '../../../lib/settings/migrate';

const bundledText = readFileSync('data/mirrors/mirrorSites.json', 'utf8');

function memoryStore(
  initial: Record<string, unknown> = {},
): KeyValueStore & { data: Record<string, unknown> } {
  const data = { ...initial };
  return {
    data,
    get: (key) => Promise.resolve(key in data ? { [key]: data[key] } : {}),
    set: (items) => {
      Object.assign(data, items);
      return Promise.resolve();
    },
  };
}

const list = (sites: unknown) => JSON.stringify({ version: '2.0', sites });
const alt = (url: string, type = 'mirror', proto = 'https') => ({
  url,
  type,
  proto,
  updated_at: '2026-05-19T18:41:02+00:00',
});

describe('the bundled bypass-mirrors list', () => {
  it('parses completely, with Azattyq and the BBC in it', () => {
    const parsed = parseMirrorList(bundledText);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.siteCount).toBeGreaterThan(100);
    expect(parsed.rejected).toBe(0);
    expect(findAlternatives(parsed.list, 'azattyq.org')?.alternatives.length).toBeGreaterThan(0);
    expect(findAlternatives(parsed.list, 'www.bbc.com')?.domain).toBe('bbc.com');
  });

  it('lists https mirrors before onion addresses', () => {
    const parsed = parseMirrorList(bundledText);
    if (!parsed.ok) throw new Error(parsed.reason);
    const kinds = findAlternatives(parsed.list, 'azattyq.org')!.alternatives.map((a) => a.kind);
    expect(kinds).toEqual(['mirror', 'onion']);
  });
});

describe('finding alternatives for a host', () => {
  const parsed = parseMirrorList(
    list([
      { main_domain: 'bbc.com', available_alternatives: [alt('https://d2oab0kaido62n.cloudfront.net')] },
      { main_domain: 'en.currenttime.tv', available_alternatives: [alt('https://en-mirror.example.net')] },
      { main_domain: 'currenttime.tv', available_alternatives: [alt('https://root-mirror.example.net')] },
    ]),
  );
  if (!parsed.ok) throw new Error('fixture');

  it('ignores www., case and a trailing dot', () => {
    expect(findAlternatives(parsed.list, 'WWW.BBC.com.')?.domain).toBe('bbc.com');
  });

  it('finds a subdomain through its parent domain', () => {
    expect(findAlternatives(parsed.list, 'news.bbc.com')?.domain).toBe('bbc.com');
  });

  it("prefers a subdomain's own entry over its parent's", () => {
    expect(findAlternatives(parsed.list, 'en.currenttime.tv')?.alternatives[0]!.url).toBe(
      'https://en-mirror.example.net/',
    );
  });

  it('does not match a different domain that merely ends the same way', () => {
    expect(findAlternatives(parsed.list, 'notbbc.com')).toBeUndefined();
    expect(findAlternatives(parsed.list, 'com')).toBeUndefined();
  });

  it('does not fall for prototype keys as domains', () => {
    expect(findAlternatives(parsed.list, 'constructor')).toBeUndefined();
    expect(findAlternatives(parsed.list, '__proto__.com')).toBeUndefined();
  });
});

describe('checking an untrusted mirror list', () => {
  it('refuses text that is not JSON', () => {
    expect(parseMirrorList('<html>blocked</html>')).toMatchObject({ ok: false, reason: 'not-json' });
  });

  it('refuses JSON without a sites array', () => {
    expect(parseMirrorList('{"sites": {}}')).toMatchObject({ ok: false, reason: 'bad-shape' });
    expect(parseMirrorList('[1,2]')).toMatchObject({ ok: false, reason: 'bad-shape' });
  });

  it('refuses a list over the size cap before parsing it', () => {
    expect(parseMirrorList(list([]), 5)).toMatchObject({ ok: false, reason: 'too-large' });
  });

  it('refuses a list with nothing usable in it', () => {
    expect(parseMirrorList(list([{ main_domain: 'x.org', available_alternatives: [] }]))).toMatchObject({
      ok: false,
      reason: 'no-usable-sites',
    });
  });

  it('drops javascript:, data:, plain-http and credential URLs but keeps the good entries', () => {
    const parsed = parseMirrorList(
      list([
        {
          main_domain: 'news.example',
          available_alternatives: [
            alt('javascript:alert(1)'),
            alt('data:text/html,<b>x</b>'),
            alt('http://plain.example.net'),
            alt('https://user:pw@evil.example.net'),
            alt('https://good-mirror.example.net/'),
            alt('http://abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuv.onion', 'eotk', 'tor'),
          ],
        },
      ]),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.rejected).toBe(4);
    expect(parsed.list.sites['news.example']!.map((a) => a.kind)).toEqual(['mirror', 'onion']);
  });

  it('drops entries with a bad domain or unknown type and counts them', () => {
    const parsed = parseMirrorList(
      list([
        { main_domain: 'not a domain', available_alternatives: [alt('https://a.example.net')] },
        { main_domain: 42, available_alternatives: [] },
        null,
        { main_domain: 'ok.example', available_alternatives: [alt('https://b.example.net', 'bittorrent')] },
        { main_domain: 'fine.example', available_alternatives: [alt('https://c.example.net')] },
      ]),
    );
    expect(parsed).toMatchObject({ ok: true, siteCount: 1, rejected: 4 });
  });
});

describe('refreshing the list from a configured URL', () => {
  const okFetch = (body: string, headers: Record<string, string> = {}) =>
    (() => Promise.resolve(new Response(body, { status: 200, headers }))) as typeof fetch;

  it('stores a valid list and uses it instead of the bundled one', async () => {
    const store = memoryStore();
    const body = list([
      { main_domain: 'azattyq.lab.test', available_alternatives: [alt('https://m.example.net')] },
    ]);
    const result = await refreshMirrors('https://lists.example/m.json', store, okFetch(body), () => 1000);
    expect(result).toMatchObject({ ok: true, siteCount: 1, fetchedAt: 1000 });
    const loaded = await loadMirrorList(store, () => Promise.resolve(bundledText), loadInstalledBundle);
    expect(loaded.source).toBe('refreshed');
    expect(findAlternatives(loaded.list, 'azattyq.lab.test')).toBeDefined();
  });

  it('refuses a plain-http list URL without fetching it', async () => {
    let fetched = false;
    const spy = (() => {
      fetched = true;
      return Promise.reject(new Error('must not fetch'));
    }) as typeof fetch;
    const result = await refreshMirrors('http://lists.example/m.json', memoryStore(), spy);
    expect(result).toMatchObject({ ok: false, reason: 'not-https' });
    expect(fetched).toBe(false);
  });

  it('does nothing when no URL is configured', async () => {
    expect(await refreshMirrors('', memoryStore())).toMatchObject({ ok: false, reason: 'no-url' });
  });

  it('keeps the previous list when the new one is malformed', async () => {
    const previous = {
      list: { sites: { 'a.example': [{ url: 'https://m.example.net/', kind: 'mirror' }] } },
      fetchedAt: 5,
      url: 'https://x/',
      siteCount: 1,
    };
    const store = memoryStore({ [MIRRORS_KEY]: previous });
    const result = await refreshMirrors('https://lists.example/m.json', store, okFetch('{"sites": 3}'));
    expect(result).toMatchObject({ ok: false, reason: 'bad-shape' });
    expect(store.data[MIRRORS_KEY]).toEqual(previous);
  });

  it('stops reading a body larger than the cap', async () => {
    const huge = 'x'.repeat(3 * 1024 * 1024);
    const result = await refreshMirrors('https://lists.example/m.json', memoryStore(), okFetch(huge));
    expect(result).toMatchObject({ ok: false, reason: 'too-large' });
  });

  it('refuses a declared content-length over the cap', async () => {
    const result = await refreshMirrors(
      'https://lists.example/m.json',
      memoryStore(),
      okFetch('{}', { 'content-length': String(50 * 1024 * 1024) }),
    );
    expect(result).toMatchObject({ ok: false, reason: 'too-large' });
  });

  it('reports an HTTP error status and a network failure as values', async () => {
    const notFound = (() => Promise.resolve(new Response('no', { status: 404 }))) as typeof fetch;
    const down = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
    expect(await refreshMirrors('https://l.example/m.json', memoryStore(), notFound)).toMatchObject({
      ok: false,
      reason: 'http-status',
    });
    expect(await refreshMirrors('https://l.example/m.json', memoryStore(), down)).toMatchObject({
      ok: false,
      reason: 'network',
    });
  });

  it('falls back to the bundled list when the stored copy is corrupt', async () => {
    const store = memoryStore({
      [MIRRORS_KEY]: { list: { sites: { 'a.example': [{ url: 'javascript:x' }] } }, fetchedAt: 1 },
    });
    const loaded = await loadMirrorList(store, () => Promise.resolve(bundledText), loadInstalledBundle);
    expect(loaded.source).toBe('bundled');
    expect(findAlternatives(loaded.list, 'azattyq.org')).toBeDefined();
  });
});

describe('the web archives as a last resort', () => {
  it('links the newest Wayback Machine and archive.today copies of the page', () => {
    expect(archiveLinks('https://azattyq.org/a/1.html')).toEqual({
      wayback: 'https://web.archive.org/web/https://azattyq.org/a/1.html',
      archiveToday: 'https://archive.ph/newest/https://azattyq.org/a/1.html',
    });
  });
});

describe('the mirror-list URL setting', () => {
  it('is off (bundled list only) by default', () => {
    expect(migrateSettings({}).advice.mirrorsUrl).toBe('');
  });

  it('keeps an https URL and an explicit empty string', () => {
    expect(
      migrateSettings({ advice: { mirrorsUrl: 'https://lists.example/m.json' } }).advice.mirrorsUrl,
    ).toBe('https://lists.example/m.json');
    expect(migrateSettings({ advice: { mirrorsUrl: '' } }).advice.mirrorsUrl).toBe('');
  });

  it('refuses plain http, javascript: and non-strings from a settings file', () => {
    for (const bad of ['http://lists.example/m.json', 'javascript:alert(1)', 42, null]) {
      expect(migrateSettings({ advice: { mirrorsUrl: bad } }).advice.mirrorsUrl).toBe('');
    }
  });
});
