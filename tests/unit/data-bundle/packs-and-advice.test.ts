import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { adviceForConnection, adviceForSite, ALL_CARDS, type KeyValueStore } from '../../../lib/advice';
import {
  DATA_BUNDLE_KEY,
  loadBundleInForce,
  loadInstalledBundle,
  MAX_PACK_TARGETS,
  putBundleInForce,
  refreshBundle,
  verifyBundle,
} from '../../../lib/data-bundle';
import { activeTargets } from '../../../lib/engine/targets';
import { DEFAULT_SETTINGS, type Settings } from '../../../lib/settings';
import { getPack, listPacks, shippedPacks } from '../../../lib/targets';
import { makeSignedBundle, rawPublicKeyBase64 } from '../../../scripts/data-bundle/make';

// Issue #16 part 3: target packs and the advice's links from the signed data bundle. A pack or a
// link is a fact the maintainers change between releases; the bundle carries it checked whole —
// one bad entry and nothing of that bundle is taken — and what is taken overrides the shipped copy.

const project = generateKeyPairSync('ed25519');
const PINNED = [rawPublicKeyBase64(project.publicKey)];
const CREATED = '2026-12-01T10:00:00.000Z';
const ENDPOINT = 'https://bundle.example/vantage-data.json';

const PACK_TARGETS = [
  { url: 'https://news.example/', name: 'Example News', category: 'news' },
  { url: 'https://chat.example/', name: 'Example Chat', category: 'messengers' },
];
const TOR_LINKS = [
  { kind: 'official-site', url: 'https://tor-mirror.example/download/', labelKey: 'adviceLinkOfficialSite' },
  { kind: 'email-autoresponder', url: 'mailto:gettor@torproject.org', labelKey: 'adviceLinkGettorEmail' },
];
const goodContents = () => ({
  packs: { kz: { targets: PACK_TARGETS } },
  advice: { links: { 'tor-browser': TOR_LINKS } },
});

function signed(version: number, contents: object): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(
    makeSignedBundle({ version, createdAt: CREATED, contents }, project.privateKey),
  );
}

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

function serving(body: Uint8Array<ArrayBuffer>): typeof fetch {
  return (() => Promise.resolve(new Response(body, { status: 200 }))) as unknown as typeof fetch;
}

/** Install `contents` as version `version` into a store (through the real refresh), and return the store. */
async function installed(version: number, contents: object, store = memoryStore()) {
  const result = await refreshBundle({
    endpoints: [ENDPOINT],
    pinnedKeys: PINNED,
    store,
    fetcher: serving(signed(version, contents)),
  });
  return { store, result };
}

const kzSettings = (change: Partial<Settings> = {}): Settings => ({
  ...DEFAULT_SETTINGS,
  packId: 'kz',
  customTargets: [],
  removedTargetIds: [],
  ...change,
});

const torCard = (state: 'selective' = 'selective') =>
  adviceForConnection({ state, blockedCategories: ['news'] }).find((card) => card.id === 'tor-browser')!;
const shippedTor = ALL_CARDS.find((card) => card.id === 'tor-browser')!;

afterEach(() => putBundleInForce(undefined));

describe('a bundle that carries target packs and advice links', () => {
  it('is taken, and what it carries is checked and normalised', async () => {
    const check = await verifyBundle(signed(5, goodContents()), PINNED, 0);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.packs?.kz?.targets).toEqual(PACK_TARGETS);
    expect(check.advice?.links['tor-browser']).toEqual(TOR_LINKS);
  });

  it('stores what it carries, and the installed copy loads back', async () => {
    const { store, result } = await installed(5, goodContents());
    expect(result.outcome).toBe('updated');
    const loaded = await loadInstalledBundle(store);
    expect(loaded?.packs?.kz?.targets).toEqual(PACK_TARGETS);
    expect(loaded?.advice?.links['tor-browser']).toEqual(TOR_LINKS);
  });
});

describe('one bad field refuses the whole bundle, with a reason naming it, and the previous stays', () => {
  const target = (change: object) => ({ packs: { kz: { targets: [{ ...PACK_TARGETS[0], ...change }] } } });
  const link = (change: object, card = 'tor-browser') => ({
    advice: { links: { [card]: [{ ...TOR_LINKS[0], ...change }] } },
  });
  const cases: [string, object, string][] = [
    ['packs not an object', { packs: [] }, 'packs: expected'],
    [
      'a pack id this release does not have',
      { packs: { xx: { targets: PACK_TARGETS } } },
      'packs.xx: no such pack',
    ],
    ['a pack without a target list', { packs: { kz: { sites: PACK_TARGETS } } }, 'packs.kz: expected'],
    ['an empty pack', { packs: { kz: { targets: [] } } }, 'packs.kz.targets: empty'],
    [
      'a pack over the cap',
      {
        packs: {
          kz: {
            targets: Array.from({ length: MAX_PACK_TARGETS + 1 }, (_, i) => ({
              url: `https://s${i}.example/`,
              name: `Site ${i}`,
              category: 'news',
            })),
          },
        },
      },
      `at most ${MAX_PACK_TARGETS}`,
    ],
    [
      'a target that is not an object',
      { packs: { kz: { targets: ['https://a.example/'] } } },
      'targets[0]: expected',
    ],
    ['an ftp: URL', target({ url: 'ftp://files.example/' }), 'targets[0].url: only http and https'],
    ['a javascript: URL', target({ url: 'javascript:alert(1)' }), 'targets[0].url: only http and https'],
    ['a local name', target({ url: 'https://router.lan/' }), 'targets[0].url: "router.lan" is a local'],
    ['a private address', target({ url: 'http://192.168.1.1/' }), 'targets[0].url: "192.168.1.1" is a local'],
    ['an onion address', target({ url: 'http://abc.onion/' }), 'targets[0].url: "abc.onion" is a local'],
    ['a URL that is not a string', target({ url: 42 }), 'targets[0].url: a string'],
    [
      'an over-long URL',
      target({ url: `https://a.example/${'x'.repeat(2_100)}` }),
      'targets[0].url: a string',
    ],
    [
      'the same site twice',
      {
        packs: { kz: { targets: [PACK_TARGETS[0], { ...PACK_TARGETS[1], url: 'HTTPS://News.Example/#x' }] } },
      },
      'targets[1].url: https://news.example/ is listed twice',
    ],
    ['a missing name', target({ name: undefined }), 'targets[0].name: must be a string'],
    ['a blank name', target({ name: '  ' }), 'targets[0].name: must not be empty'],
    [
      'markup in a name',
      target({ name: '<img src=x onerror=alert(1)>' }),
      'targets[0].name: must be plain text',
    ],
    ['a control character in a name', target({ name: 'News\u0007' }), 'targets[0].name: must be plain text'],
    [
      'a direction override in a name',
      target({ name: 'kaspi\u202Ezk.' }),
      'targets[0].name: must be plain text',
    ],
    ['an over-long name', target({ name: 'N'.repeat(121) }), 'targets[0].name: must be at most 120'],
    ['an unknown category', target({ category: 'porn' }), 'targets[0].category: "porn" is not one of'],
    [
      'a source that is not a web page',
      { packs: { kz: { targets: PACK_TARGETS, sources: ['javascript:alert(1)'] } } },
      'packs.kz.sources[0]: not an http or https address',
    ],
    [
      'too many sources',
      { packs: { kz: { targets: PACK_TARGETS, sources: Array(21).fill('https://s.example/') } } },
      'packs.kz.sources: a list of at most 20',
    ],
    ['advice without links', { advice: { cards: {} } }, 'advice: expected'],
    ['links for a card that does not exist', link({}, 'magic-vpn'), 'advice.links.magic-vpn: no card'],
    [
      'links for a card that opens Vantage’s own pages',
      link({}, 'offline-library'),
      'advice.links.offline-library: no card',
    ],
    [
      'an empty link list',
      { advice: { links: { 'tor-browser': [] } } },
      'advice.links.tor-browser: a list of 1 to 6',
    ],
    [
      'too many links',
      { advice: { links: { 'tor-browser': Array(7).fill(TOR_LINKS[0]) } } },
      'a list of 1 to 6',
    ],
    [
      'a link to an extension page',
      link({ kind: 'extension-page', url: 'reader.html' }),
      '[0].kind: "extension-page"',
    ],
    ['an unknown link kind', link({ kind: 'download' }), '[0].kind: "download" is not one of'],
    [
      'a label that is not a link label',
      link({ labelKey: 'adviceVpnBody' }),
      '[0].labelKey: "adviceVpnBody" is not one of',
    ],
    [
      'the library’s label',
      link({ labelKey: 'adviceLinkOpenLibrary' }),
      '[0].labelKey: "adviceLinkOpenLibrary"',
    ],
    ['a plain http link', link({ url: 'http://tor-mirror.example/' }), '[0].url: only https'],
    ['a javascript: link', link({ url: 'javascript:alert(1)' }), '[0].url: only https'],
    ['credentials in a link', link({ url: 'https://u:p@tor-mirror.example/' }), '[0].url: no credentials'],
    [
      'a mailto with a pre-filled body',
      link({ kind: 'email-autoresponder', url: 'mailto:gettor@torproject.org?body=hi' }),
      '[0].url: not a bare mailto',
    ],
    [
      'a Telegram bot off t.me',
      link({ kind: 'telegram-bot', url: 'https://telegram.example/gettor_bot' }),
      '[0].url: a Telegram bot is',
    ],
    [
      'the same link twice',
      { advice: { links: { 'tor-browser': [TOR_LINKS[0], TOR_LINKS[0]] } } },
      'tor-browser[1].url: listed twice',
    ],
  ];

  it.each(cases)('%s', async (_name, contents, reason) => {
    const { store } = await installed(5, goodContents());
    const before = structuredClone(store.data[DATA_BUNDLE_KEY]);
    // A newer bundle: the good packs and links, and the one bad part.
    const { result } = await installed(6, { ...goodContents(), ...contents }, store);
    expect(result.outcome).toBe('failed');
    expect(result.attempts).toHaveLength(1);
    expect(result.attempts[0]?.reason).toBe('malformed');
    expect(result.attempts[0]?.detail).toContain(reason);
    expect(store.data[DATA_BUNDLE_KEY]).toEqual(before);
  });
});

describe('what is in force: the bundle over the shipped packs and links', () => {
  it("a run of the chosen pack checks the bundle's list; other packs stay as shipped", async () => {
    const { store } = await installed(5, goodContents());
    const shippedKz = shippedPacks().find((pack) => pack.id === 'kz')!;
    expect(activeTargets(kzSettings()).map((t) => t.url)).toEqual(shippedKz.targets.map((t) => t.url));

    await loadBundleInForce(store);
    expect(activeTargets(kzSettings()).map((t) => t.url)).toEqual(PACK_TARGETS.map((t) => t.url));
    const kz = getPack('kz')!;
    // The pack keeps what makes it a region: its name (translated by id), country and order.
    expect(kz).toMatchObject({ id: 'kz', name: 'Kazakhstan', country: 'KZ', sources: shippedKz.sources });
    expect(kz.targets.every((t) => t.source === 'pack' && t.id === t.url)).toBe(true);
    expect(listPacks().map((pack) => pack.id)).toEqual(['kz', 'ru', 'by', 'global']);
    expect(getPack('ru')).toBe(shippedPacks().find((pack) => pack.id === 'ru'));
  });

  it("the user's choices still apply to the bundle's pack: a removed site stays removed", async () => {
    const { store } = await installed(5, goodContents());
    await loadBundleInForce(store);
    const settings = kzSettings({ removedTargetIds: ['https://news.example/'] });
    expect(activeTargets(settings).map((t) => t.url)).toEqual(['https://chat.example/']);
  });

  it("the advice shows the bundle's links for the cards it names, and the shipped links elsewhere", async () => {
    expect(torCard().links).toEqual(shippedTor.links);
    const { store } = await installed(5, goodContents());
    await loadBundleInForce(store);
    expect(torCard().links).toEqual(TOR_LINKS);
    const site = adviceForSite({
      blocking: 'tls',
      subKind: 'tls/reset',
      category: 'news',
      host: 'news.example',
      connection: 'selective',
    });
    expect(site.find((card) => card.id === 'tor-browser')?.links).toEqual(TOR_LINKS);
    const psiphon = adviceForConnection({ state: 'selective', blockedCategories: ['news'] }).find(
      (card) => card.id === 'psiphon',
    );
    expect(psiphon?.links).toEqual(ALL_CARDS.find((card) => card.id === 'psiphon')?.links);
  });

  it('a wipe (no bundle any more) puts the shipped packs and links back', async () => {
    const { store } = await installed(5, goodContents());
    await loadBundleInForce(store);
    delete store.data[DATA_BUNDLE_KEY];
    await loadBundleInForce(store);
    expect(getPack('kz')).toBe(shippedPacks()[0]);
    expect(torCard().links).toEqual(shippedTor.links);
  });

  it('a damaged stored copy is not half-used: the shipped data stays in force', async () => {
    const { store } = await installed(5, goodContents());
    const stored = store.data[DATA_BUNDLE_KEY] as { packs: { kz: { targets: { url: unknown }[] } } };
    stored.packs.kz.targets[0]!.url = 42;
    expect(await loadInstalledBundle(store)).toBeUndefined();
    await loadBundleInForce(store);
    expect(getPack('kz')).toBe(shippedPacks()[0]);
  });

  it('a stored link that is not https or mailto is never put in force', async () => {
    const { store } = await installed(5, goodContents());
    const stored = store.data[DATA_BUNDLE_KEY] as { advice: { links: Record<string, { url: string }[]> } };
    stored.advice.links['tor-browser']![0]!.url = 'javascript:alert(1)';
    expect(await loadInstalledBundle(store)).toBeUndefined();
    await loadBundleInForce(store);
    expect(torCard().links).toEqual(shippedTor.links);
  });
});

describe('rollback and forgery still refused for packs and links', () => {
  it('a genuine older bundle with other packs is refused, and the installed packs stay in force', async () => {
    const { store } = await installed(5, goodContents());
    const older = {
      packs: { kz: { targets: [{ url: 'https://old.example/', name: 'Old', category: 'news' }] } },
      advice: { links: { 'tor-browser': [{ ...TOR_LINKS[0], url: 'https://old-mirror.example/' }] } },
    };
    const { result } = await installed(3, older, store);
    expect(result).toMatchObject({ outcome: 'failed', version: 5 });
    expect(result.attempts[0]?.reason).toBe('older');
    await loadBundleInForce(store);
    expect(getPack('kz')?.targets.map((t) => t.url)).toEqual(PACK_TARGETS.map((t) => t.url));
    expect(torCard().links).toEqual(TOR_LINKS);
  });

  it('a pack edited after signing is refused: the signature covers it', async () => {
    const good = new TextDecoder().decode(signed(5, goodContents()));
    const forged = good.replace('https://news.example/', 'https://censor.example/');
    expect(forged).not.toBe(good);
    const store = memoryStore();
    const result = await refreshBundle({
      endpoints: [ENDPOINT],
      pinnedKeys: PINNED,
      store,
      fetcher: serving(new TextEncoder().encode(forged)),
    });
    expect(result.attempts[0]?.reason).toBe('bad-signature');
    expect(store.data[DATA_BUNDLE_KEY]).toBeUndefined();
    await loadBundleInForce(store);
    expect(getPack('kz')).toBe(shippedPacks()[0]);
  });
});
