import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadMirrorList, MIRRORS_KEY, type KeyValueStore } from '../../../lib/advice';
import {
  DATA_BUNDLE_KEY,
  fingerprintsInForce,
  loadInstalledBundle,
  MAX_BUNDLE_BYTES,
  parsePinnedKeys,
  refreshBundle,
  verifyBundle,
} from '../../../lib/data-bundle';
import { refreshReportLines } from '../../../lib/data-bundle/report';
import { FINGERPRINT_STATS } from '../../../lib/fingerprints';
import { createTranslator, type Messages } from '../../../lib/i18n/translate';
import en from '../../../public/_locales/en/messages.json';
import kk from '../../../public/_locales/kk/messages.json';
import ru from '../../../public/_locales/ru/messages.json';
import { makeSignedBundle, projectContents, rawPublicKeyBase64 } from '../../../scripts/data-bundle/make';

const project = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');
const PINNED = [rawPublicKeyBase64(project.publicKey)];
const CREATED = '2026-12-01T10:00:00.000Z';

const mirrors = {
  version: '2.0',
  sites: [
    {
      main_domain: 'azattyq.org',
      available_alternatives: [{ type: 'mirror', proto: 'https', url: 'https://bundle-mirror.example/' }],
    },
  ],
};

function bundle(version: number, key = project.privateKey, contents: object = { mirrors }): string {
  return makeSignedBundle({ version, createdAt: CREATED, contents }, key);
}
const bytes = (text: string) => new TextEncoder().encode(text);

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

/** A fetch that answers from a table: a string is a 200 with that body, a number a status, 'down' a refused connection. */
function fakeFetch(routes: Record<string, string | number | 'down'>) {
  const asked: string[] = [];
  const fetcher = ((input: string) => {
    asked.push(input);
    const route = routes[input];
    if (route === undefined || route === 'down') return Promise.reject(new TypeError('Failed to fetch'));
    if (typeof route === 'number') return Promise.resolve(new Response('Not Found', { status: route }));
    return Promise.resolve(new Response(route, { status: 200 }));
  }) as unknown as typeof fetch;
  return { fetcher, asked };
}

describe('verifyBundle: only a bundle signed by a pinned key and newer than the installed one is taken', () => {
  it('takes a good bundle: version, date and the mirror list it carries', async () => {
    const check = await verifyBundle(bytes(bundle(5)), PINNED, 0);
    expect(check).toMatchObject({ ok: true, version: 5, createdAt: CREATED });
    expect(check.ok && check.mirrors?.sites['azattyq.org']?.[0]?.url).toBe('https://bundle-mirror.example/');
  });

  it('refuses a bundle with one byte of its signed payload changed', async () => {
    const good = bundle(5);
    // Change the version inside the signed payload (5 → 9): what a forger would want to do.
    const tampered = good.replace('\\"version\\":5', '\\"version\\":9');
    expect(tampered).not.toBe(good);
    expect(await verifyBundle(bytes(tampered), PINNED, 0)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses a bundle whose signature has one byte changed', async () => {
    const file = JSON.parse(bundle(5)) as { signature: string };
    const signature = Buffer.from(file.signature, 'base64');
    signature[10] = signature[10]! ^ 1;
    const tampered = JSON.stringify({ ...file, signature: signature.toString('base64') });
    expect(await verifyBundle(bytes(tampered), PINNED, 0)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses a well-formed bundle signed by a key the extension does not pin', async () => {
    expect(await verifyBundle(bytes(bundle(5, stranger.privateKey)), PINNED, 0)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses everything when no key is pinned', async () => {
    expect(await verifyBundle(bytes(bundle(5)), [], 0)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('accepts a bundle signed by any of several pinned keys (a key rotation)', async () => {
    const both = [rawPublicKeyBase64(stranger.publicKey), ...PINNED];
    expect(await verifyBundle(bytes(bundle(5)), both, 0)).toMatchObject({ ok: true, version: 5 });
  });

  it('refuses a genuine but older bundle replayed (no rollback)', async () => {
    expect(await verifyBundle(bytes(bundle(3)), PINNED, 5)).toMatchObject({ ok: false, reason: 'older' });
  });

  it('takes nothing from a bundle of the installed version', async () => {
    expect(await verifyBundle(bytes(bundle(5)), PINNED, 5)).toMatchObject({ ok: false, reason: 'same' });
  });

  it.each([
    ['not JSON', '<html>blocked</html>'],
    ['not UTF-8', '\xff\xfe'],
    ['no signature', JSON.stringify({ format: 'vantage-data-bundle-signed', payload: '{}' })],
    [
      'a signature that is not base64',
      JSON.stringify({ format: 'vantage-data-bundle-signed', payload: '{}', signature: '!!' }),
    ],
  ])('refuses a malformed file (%s)', async (_name, text) => {
    const input = text === '\xff\xfe' ? Uint8Array.from([0xff, 0xfe]) : bytes(text);
    const check = await verifyBundle(input, PINNED, 0);
    expect(check.ok).toBe(false);
    expect(['malformed', 'bad-signature']).toContain(!check.ok && check.reason);
  });

  it.each([
    ['a version that is not an integer', { version: 5.5 }],
    ['a date that is not a date', { createdAt: 'yesterday' }],
    ['a mirror list with nothing usable', { contents: { mirrors: { sites: [{ main_domain: 'x.org' }] } } }],
    ['another format', { format: 'something-else' }],
  ])('refuses a validly signed payload with %s', async (_name, override) => {
    const payload = JSON.stringify({
      format: 'vantage-data-bundle',
      version: 5,
      createdAt: CREATED,
      contents: { mirrors },
      ...override,
    });
    const { sign } = await import('node:crypto');
    const file = JSON.stringify({
      format: 'vantage-data-bundle-signed',
      payload,
      signature: sign(null, Buffer.from(payload), project.privateKey).toString('base64'),
    });
    expect(await verifyBundle(bytes(file), PINNED, 0)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('refuses a file over the size cap before reading it as JSON', async () => {
    const big = bundle(5, project.privateKey, { mirrors, padding: 'x'.repeat(MAX_BUNDLE_BYTES) });
    expect(await verifyBundle(bytes(big), PINNED, 0)).toMatchObject({ ok: false, reason: 'too-large' });
  });

  it('takes the bundle `npm run data:bundle` makes from the project data', async () => {
    const text = makeSignedBundle(
      { version: 1, createdAt: CREATED, contents: projectContents('.') },
      project.privateKey,
    );
    const check = await verifyBundle(bytes(text), PINNED, 0);
    expect(check.ok && Object.keys(check.mirrors!.sites).length).toBeGreaterThan(100);
  });
});

describe('refreshBundle: endpoints in turn, the previous bundle kept on every failure', () => {
  const A = 'https://a.example/vantage-data.json';
  const B = 'https://b.example/vantage-data.json';
  const C = 'https://c.example/vantage-data.json';

  async function installed(version: number) {
    const store = memoryStore();
    await refreshBundle({
      endpoints: [A],
      pinnedKeys: PINNED,
      store,
      fetcher: fakeFetch({ [A]: bundle(version) }).fetcher,
    });
    return store;
  }

  it('uses the second endpoint when the first is down, and says where the bundle came from', async () => {
    const store = memoryStore();
    const { fetcher, asked } = fakeFetch({ [A]: 'down', [B]: bundle(5) });
    const result = await refreshBundle({
      endpoints: [A, B],
      pinnedKeys: PINNED,
      store,
      fetcher,
      now: () => 42,
    });
    expect(result).toMatchObject({ outcome: 'updated', version: 5, source: B });
    expect(asked).toEqual([A, B]);
    expect(await loadInstalledBundle(store)).toMatchObject({
      version: 5,
      createdAt: CREATED,
      source: B,
      installedAt: 42,
    });
  });

  it('skips a 404, a forgery and a replayed old bundle, and takes the good one after them', async () => {
    const store = await installed(4);
    const forged = bundle(9).replace('bundle-mirror.example', 'evil-mirror.example');
    const D = 'https://d.example/old.json';
    const result = await refreshBundle({
      endpoints: [A, B, D, C],
      pinnedKeys: PINNED,
      store,
      fetcher: fakeFetch({ [A]: 404, [B]: forged, [D]: bundle(3), [C]: bundle(5) }).fetcher,
    });
    expect(result.outcome).toBe('updated');
    expect(result.attempts.map((a) => a.reason)).toEqual(['http-status', 'bad-signature', 'older']);
    expect((await loadInstalledBundle(store))?.version).toBe(5);
  });

  it('keeps the installed bundle, untouched, when every endpoint is down', async () => {
    const store = await installed(5);
    const before = structuredClone(store.data[DATA_BUNDLE_KEY]);
    const result = await refreshBundle({
      endpoints: [A, B],
      pinnedKeys: PINNED,
      store,
      fetcher: fakeFetch({ [A]: 'down', [B]: 'down' }).fetcher,
    });
    expect(result).toMatchObject({ outcome: 'failed', version: 5 });
    expect(result.attempts.map((a) => a.reason)).toEqual(['network', 'network']);
    expect(store.data[DATA_BUNDLE_KEY]).toEqual(before);
  });

  it('keeps the installed bundle when the only answers are older, equal, forged or oversize', async () => {
    const store = await installed(5);
    const before = structuredClone(store.data[DATA_BUNDLE_KEY]);
    const huge = 'x'.repeat(MAX_BUNDLE_BYTES + 1);
    const D = 'https://d.example/huge.json';
    const result = await refreshBundle({
      endpoints: [A, B, C, D],
      pinnedKeys: PINNED,
      store,
      fetcher: fakeFetch({ [A]: bundle(3), [B]: bundle(5), [C]: bundle(7, stranger.privateKey), [D]: huge })
        .fetcher,
    });
    expect(result.outcome).toBe('current');
    expect(result.attempts.map((a) => a.reason)).toEqual(['older', 'same', 'bad-signature', 'too-large']);
    expect(store.data[DATA_BUNDLE_KEY]).toEqual(before);
  });

  it('asks no http address, and nobody at all without a pinned key', async () => {
    const http = fakeFetch({ 'http://a.example/x.json': bundle(5) });
    const plain = await refreshBundle({
      endpoints: ['http://a.example/x.json'],
      pinnedKeys: PINNED,
      store: memoryStore(),
      fetcher: http.fetcher,
    });
    expect(plain.attempts[0]?.reason).toBe('not-https');
    expect(http.asked).toEqual([]);
    const keyless = fakeFetch({ [A]: bundle(5) });
    const none = await refreshBundle({
      endpoints: [A],
      pinnedKeys: [],
      store: memoryStore(),
      fetcher: keyless.fetcher,
    });
    expect(none.outcome).toBe('no-key');
    expect(keyless.asked).toEqual([]);
  });
});

describe('the bundle feeds the mirror list, on top of the packaged one', () => {
  const packaged = readFileSync('data/mirrors/mirrorSites.json', 'utf8');

  it("uses the bundle's entry for a site it names and the packaged entries for the rest", async () => {
    const store = memoryStore();
    await refreshBundle({
      endpoints: ['https://a.example/b.json'],
      pinnedKeys: PINNED,
      store,
      fetcher: fakeFetch({ 'https://a.example/b.json': bundle(5) }).fetcher,
    });
    // An unsigned refreshed list is there too: the signed bundle wins over it.
    store.data[MIRRORS_KEY] = {
      list: { sites: { 'azattyq.org': [{ url: 'https://unsigned.example/', kind: 'mirror' }] } },
      fetchedAt: 1,
      url: 'https://u.example/',
      siteCount: 1,
    };
    const loaded = await loadMirrorList(store, () => Promise.resolve(packaged), loadInstalledBundle);
    expect(loaded.source).toBe('data-bundle');
    expect(loaded.list.sites['azattyq.org']?.map((a) => a.url)).toEqual(['https://bundle-mirror.example/']);
    expect(loaded.list.sites['bbc.com']?.length).toBeGreaterThan(0);
  });

  it('falls back to the packaged list with no bundle installed', async () => {
    const loaded = await loadMirrorList(memoryStore(), () => Promise.resolve(packaged), loadInstalledBundle);
    expect(loaded.source).toBe('bundled');
  });
});

describe('the pinned keys shipped in the extension', () => {
  it('public/data-bundle-keys.json parses, and every key in it is a 32-byte Ed25519 key', () => {
    const keys = parsePinnedKeys(readFileSync('public/data-bundle-keys.json', 'utf8'));
    for (const key of keys) expect(Buffer.from(key, 'base64').length).toBe(32);
  });

  it('a malformed key file pins nothing', () => {
    expect(parsePinnedKeys('not json')).toEqual([]);
    expect(parsePinnedKeys('{"keys": "abc"}')).toEqual([]);
  });
});

describe('the bundle feeds the blockpage fingerprints, on top of the shipped ones', () => {
  const record = (name: string, pattern: string, extra: Record<string, string> = {}) => ({
    name,
    scope: 'nat',
    location_found: 'body',
    pattern_type: 'contains',
    pattern,
    confidence_no_fp: '10',
    expected_countries: 'KZ',
    ...extra,
  });
  const NEW_PAGE = '<h1>Page of a new national filter 2027: qz-filter-notice-7731</h1>';
  const SHIPPED_PAGE = '<p>vantage-lab-blockpage</p>';

  let clock = 1_000;
  async function installedWith(fingerprints: unknown) {
    const store = memoryStore();
    clock += 1;
    const url = 'https://a.example/b.json';
    const result = await refreshBundle({
      endpoints: [url],
      pinnedKeys: PINNED,
      store,
      fetcher: fakeFetch({ [url]: bundle(6, project.privateKey, { fingerprints }) }).fetcher,
      now: () => clock,
    });
    return { result, installed: await loadInstalledBundle(store) };
  }

  it('recognises a blockpage only the bundle knows, and still every shipped one', async () => {
    const { installed } = await installedWith({
      http: [record('bundle.kz_2027', 'qz-filter-notice-7731')],
      dns: [],
    });
    expect(fingerprintsInForce(undefined).matchHttp({ body: NEW_PAGE })).toBeUndefined();
    const matcher = fingerprintsInForce(installed);
    expect(matcher.matchHttp({ body: NEW_PAGE })?.name).toBe('bundle.kz_2027');
    expect(matcher.matchHttp({ body: SHIPPED_PAGE })?.name).toBe('vantage.lab_0');
  });

  it('replaces a shipped fingerprint of the same name', async () => {
    const { installed } = await installedWith({ http: [record('vantage.lab_0', 'a-renamed-lab-marker')] });
    const matcher = fingerprintsInForce(installed);
    expect(matcher.matchHttp({ body: 'a-renamed-lab-marker' })?.name).toBe('vantage.lab_0');
    expect(matcher.matchHttp({ body: SHIPPED_PAGE })?.name).not.toBe('vantage.lab_0');
  });

  it('compiles with the build’s rules: false-positive scopes and bad regexps are dropped', async () => {
    const { installed } = await installedWith({
      http: [
        record('bundle.ok', 'a-good-marker'),
        record('bundle.fp', 'a-false-positive', { scope: 'fp' }),
        record('bundle.bad_re', '(', { pattern_type: 'regexp' }),
      ],
    });
    expect(installed?.fingerprints?.http.map((row) => row[0])).toEqual(['bundle.ok']);
  });

  it.each([
    ['not a list', { http: 'x' }],
    ['a record with a number', { http: [{ ...record('x', 'y'), confidence_no_fp: 10 }] }],
    ['nothing usable', { http: [record('bundle.fp', 'p', { scope: 'fp' })] }],
  ])(
    'refuses the whole bundle when its fingerprints are %s, and keeps the previous one',
    async (_n, value) => {
      const { result, installed } = await installedWith(value);
      expect(result.outcome).toBe('failed');
      expect(result.attempts[0]?.reason).toBe('malformed');
      expect(installed).toBeUndefined();
    },
  );

  it('npm run data:bundle carries the project’s whole fingerprint dataset', async () => {
    const text = makeSignedBundle(
      { version: 1, createdAt: CREATED, contents: projectContents('.') },
      project.privateKey,
    );
    const check = await verifyBundle(bytes(text), PINNED, 0);
    expect(check.ok && check.fingerprints?.http.length).toBe(FINGERPRINT_STATS.http.compiled);
    expect(check.ok && check.fingerprints?.dns.length).toBe(FINGERPRINT_STATS.dns.compiled);
  });
});

describe('what the options page says after a check', () => {
  it('names the outcome and each endpoint passed over with its reason, in en, ru and kk', () => {
    const result = {
      outcome: 'updated' as const,
      version: 5,
      source: 'https://b.example/d.json',
      attempts: [
        { url: 'https://a.example/d.json', reason: 'bad-signature' as const, detail: '' },
        { url: 'https://c.example/d.json', reason: 'older' as const, detail: '' },
      ],
    };
    for (const messages of [en, ru, kk]) {
      const t = createTranslator(messages as Messages, en as Messages);
      const lines = refreshReportLines(result, t);
      expect(lines).toHaveLength(3);
      expect(lines[0]).toContain('5');
      expect(lines[0]).toContain('b.example');
      expect(lines[1]).toMatch(/^a\.example: /);
      expect(lines.join(' ')).not.toMatch(/dataBundle|\$\d/);
    }
  });
});
