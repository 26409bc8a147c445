import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../lib/db';
import {
  checkPackFile,
  checkPackSignature,
  exportPack,
  importPack,
  signatureStatus,
} from '../../../lib/library/pack';
import { signedBytes, signPackHtml } from '../../../lib/library/pack/signature';
import { saveArticle } from '../../../lib/library/store';
import { importPreset } from '../../../lib/settings/preset-file';
import { DEFAULT_SETTINGS } from '../../../lib/settings/schema';
import {
  forgetKey,
  getOwnKey,
  keyFingerprint,
  ownSigner,
  toBase64,
  trustedKeys,
  trustKey,
  type PackSigner,
} from '../../../lib/signing';
import { PACK_LABELS } from './pack-fixture';

const { window } = new JSDOM('<!doctype html><body></body>', { url: 'chrome-extension://x/reader.html' });
const win = window as unknown as Window;
const fresh = () => openDatabase(`packsig-${Math.random()}`);
const labels = PACK_LABELS;

async function newSigner(name: string): Promise<PackSigner> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return { name, publicKey: toBase64(raw), privateKey: pair.privateKey };
}

async function libraryWith(titles: string[]): Promise<Database> {
  const db = await fresh();
  for (const [i, title] of titles.entries()) {
    const url = `https://news.example/${i}-${Math.random()}`;
    const saved = await saveArticle(
      db,
      {
        id: `s${i}-${Math.random()}`,
        url,
        canonicalUrl: url,
        sourceId: 'feed-1',
        title,
        fetchedAt: 1_700_000_000_000 + i,
        html: `<p>${title}: the water plant is closed until Monday.</p>`,
        text: title,
        excerpt: title,
        imageKeys: [],
        bytes: 0,
        pinned: 0,
        read: 0,
      },
      [],
      { budgetBytes: 1e9 },
    );
    if (!saved.ok) throw new Error(saved.reason);
  }
  return db;
}

async function signedPack(signer: PackSigner | undefined): Promise<string> {
  const db = await libraryWith(['Almaty news', 'Астана новости']);
  const pack = await exportPack(
    db,
    { kind: 'all' },
    { win, labels, language: 'en', now: 1_800_000_000_000, ...(signer ? { signer } : {}) },
  );
  expect(pack.signed).toBe(Boolean(signer));
  return pack.blob.text();
}

const importText = async (html: string) => {
  const db = await fresh();
  const result = await importPack(db, new Blob([html], { type: 'text/html' }), { win, budgetBytes: 1e9 });
  return { db, result, count: await db.count('articles') };
};

describe('signed packs: the importing Vantage checks the signature itself', () => {
  it('a good signature: every article is imported and carries its signer', async () => {
    const signer = await newSigner('Kazakh Digital Rights');
    const html = await signedPack(signer);
    expect(html).toMatch(
      /<script type="application\/json" id="vantage-pack-signature">\{[^<]+\}<\/script><\/body><\/html>$/,
    );
    expect(await checkPackFile(new Blob([html]))).toEqual({
      ok: true,
      signer: { name: 'Kazakh Digital Rights', publicKey: signer.publicKey },
    });
    const { db, result, count } = await importText(html);
    expect(result).toMatchObject({
      ok: true,
      signer: { name: 'Kazakh Digital Rights', publicKey: signer.publicKey },
    });
    expect(count).toBe(2);
    for (const article of await db.getAll('articles'))
      expect(article.packSigner).toEqual({ publicKey: signer.publicKey, name: 'Kazakh Digital Rights' });
  });

  it('one byte of an article changed: refused with a clear reason, nothing imported', async () => {
    const html = await signedPack(await newSigner('KDR'));
    const tampered = html.replace('the water plant is closed', 'the water plant is poisoned');
    expect(tampered).not.toBe(html);
    const oneByte = html.replace('Monday', 'MondaY');
    for (const edited of [tampered, oneByte]) {
      const { result, count } = await importText(edited);
      expect(result).toMatchObject({ ok: false, reason: 'bad-signature' });
      expect(count).toBe(0);
    }
  });

  it('a change outside the articles (manifest, script, text appended) is refused too', async () => {
    const html = await signedPack(await newSigner('KDR'));
    for (const edited of [
      html.replace('"createdAt":1800000000000', '"createdAt":1800000000001'),
      html.replace('box.value', 'box .value'),
      `${html}<p>injected</p>`,
    ]) {
      expect(edited).not.toBe(html);
      expect(await checkPackFile(new Blob([edited]))).toMatchObject({ ok: false, reason: 'bad-signature' });
    }
  });

  it('a signature made by another key than the one in the header is refused', async () => {
    const real = await newSigner('KDR');
    const stranger = await newSigner('KDR');
    const html = await signedPack(real);
    // The stranger signs the same content, then writes the real publisher's key in the header.
    const forged = (await signPackHtmlOf(html, stranger)).replace(stranger.publicKey, real.publicKey);
    const { result, count } = await importText(forged);
    expect(result).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(count).toBe(0);
  });

  it('a stranger who re-signs an edited pack with their own key: accepted only as that (unknown) key', async () => {
    const real = await newSigner('KDR');
    const stranger = await newSigner('KDR');
    const edited = stripSignature(await signedPack(real)).replace('closed', 'open');
    const resigned = await signPackHtmlOf(edited, stranger);
    const check = await checkPackFile(new Blob([resigned]));
    expect(check).toMatchObject({ ok: true, signer: { publicKey: stranger.publicKey } });
    // The same claimed name does not make it the trusted publisher: the key decides.
    const status = await signatureStatus(check.ok ? check.signer : undefined, [
      { publicKey: real.publicKey, name: 'KDR' },
    ]);
    expect(status.kind).toBe('unknown');
  });

  it('the key or the name swapped in the header without a new signature: refused', async () => {
    const real = await newSigner('KDR');
    const other = await newSigner('Other');
    const html = await signedPack(real);
    for (const swapped of [
      html.replace(real.publicKey, other.publicKey),
      html.replace('"name":"KDR"', '"name":"KDR2"'),
    ]) {
      expect(swapped).not.toBe(html);
      const { result, count } = await importText(swapped);
      expect(result).toMatchObject({ ok: false, reason: 'bad-signature' });
      expect(count).toBe(0);
    }
  });

  it('unsigned: imported as before, with no signer', async () => {
    const html = await signedPack(undefined);
    expect(html).not.toContain('vantage-pack-signature');
    expect(await checkPackFile(new Blob([html]))).toEqual({ ok: true });
    const { db, result, count } = await importText(html);
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && result.signer).toBeUndefined();
    expect(count).toBe(2);
    for (const article of await db.getAll('articles')) expect(article.packSigner).toBeUndefined();
    expect(await signatureStatus(undefined, [])).toEqual({ kind: 'unsigned' });
  });

  it('an unsigned pack whose article only quotes the signature markup is still just unsigned', async () => {
    const html = (await signedPack(undefined)).replace(
      'the water plant is closed',
      'the file ends with &lt;script id="vantage-pack-signature"&gt; and the water plant is closed',
    );
    expect(await checkPackFile(new Blob([html]))).toEqual({ ok: true });
    const { result, count } = await importText(html);
    expect(result).toMatchObject({ ok: true });
    expect(count).toBe(2);
  });

  it('a malformed signature block is refused, never read as unsigned; nothing imported', async () => {
    const signer = await newSigner('KDR');
    const html = await signedPack(signer);
    const block = /\{[^<]+\}(?=<\/script><\/body>)/.exec(html)![0];
    const parsed = JSON.parse(block) as Record<string, unknown>;
    const variants = [
      html.replace(block, '{not json'),
      html.replace(block, JSON.stringify({ ...parsed, alg: 'RSA' })),
      html.replace(block, JSON.stringify({ ...parsed, v: 3 })),
      html.replace(block, JSON.stringify({ ...parsed, publicKey: 'AAAA' })),
      html.replace(block, JSON.stringify({ ...parsed, signature: 'AAAA' })),
      html.replace(block, JSON.stringify({ ...parsed, name: '' })),
      // A second signature element, and one whose tag was mangled.
      html.replace(
        '</body>',
        `<script type="application/json" id="vantage-pack-signature">${block}</script></body>`,
      ),
      html.replace(
        '<script type="application/json" id="vantage-pack-signature">',
        '<script id="vantage-pack-signature" type="application/json">',
      ),
    ];
    for (const variant of variants) {
      expect(variant).not.toBe(html);
      const { result, count } = await importText(variant);
      expect(result).toMatchObject({ ok: false, reason: 'signature-malformed' });
      expect(count).toBe(0);
    }
  });

  it('a pack of several 1 MiB blocks: verified as a stream; one byte changed in any block, or a block cut, is refused', async () => {
    const signer = await newSigner('KDR');
    // Titles long enough to make the file span blocks (the contents and the manifest repeat them).
    const db = await libraryWith(['А'.repeat(900), 'Б'.repeat(900), 'C'.repeat(900)]);
    for (const article of await db.getAll('articles')) {
      const body = `<p>${'Сообщение о перебоях связи. '.repeat(20_000)}</p>`;
      await saveArticle(db, { ...article, html: body, text: 'x' }, [], { budgetBytes: 1e9 });
    }
    const pack = await exportPack(db, { kind: 'all' }, { win, labels, language: 'en', signer });
    expect(pack.blob.size).toBeGreaterThan(2.5 * 1024 * 1024);
    expect(await checkPackFile(pack.blob)).toMatchObject({
      ok: true,
      signer: { publicKey: signer.publicKey },
    });
    const bytes = new Uint8Array(await pack.blob.arrayBuffer());
    for (const at of [10, 1024 * 1024 + 5, 2 * 1024 * 1024 + 7]) {
      const edited = bytes.slice();
      edited[at] = edited[at]! ^ 1;
      const result = await importPack(await fresh(), new Blob([edited]), { win, budgetBytes: 1e9 });
      expect(result, `byte ${at}`).toMatchObject({ ok: false, reason: 'bad-signature' });
    }
    const cut = new Blob([bytes.subarray(0, 1024 * 1024), bytes.subarray(2 * 1024 * 1024)]);
    const db2 = await fresh();
    expect(await importPack(db2, cut, { win, budgetBytes: 1e9 })).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
    expect(await db2.count('articles')).toBe(0);
    const { result, count } = await importText(await pack.blob.text());
    expect(result).toMatchObject({ ok: true, signer: { publicKey: signer.publicKey } });
    expect(count).toBe(3);
  });

  it('a pack signed by an older Vantage (version 1, one document, signed whole) still verifies and imports', async () => {
    const signer = await newSigner('KDR');
    // What builds before issue #17 wrote: no article markers, manifest version 1, the v1 signature.
    const v1 = await signPackHtml(
      (await signedPack(undefined))
        .replace(/\n<!--vp:[\w-]+-->/g, '\n')
        .replace('\n<!--/vp-->', '')
        .replace('"version":2', '"version":1'),
      signer,
    );
    expect(v1).toContain('"v":1');
    expect(v1).not.toContain('<!--vp');
    expect(await checkPackSignature(v1)).toMatchObject({ ok: true, signer: { publicKey: signer.publicKey } });
    const { db, result, count } = await importText(v1);
    expect(result).toMatchObject({ ok: true, signer: { name: 'KDR', publicKey: signer.publicKey } });
    expect(count).toBe(2);
    for (const article of await db.getAll('articles'))
      expect(article.packSigner?.publicKey).toBe(signer.publicKey);
    // And an edited version-1 pack is still refused whole.
    const edited = await importText(v1.replace('closed until Monday', 'open until Monday'));
    expect(edited.result).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(edited.count).toBe(0);
  });

  it('trusted vs unknown key: named by the trusted name, else by fingerprint and its own claim', async () => {
    const signer = await newSigner('Kazakh Digital Rights');
    const publisher = { name: signer.name, publicKey: signer.publicKey };
    const fingerprint = await keyFingerprint(signer.publicKey);
    expect(await signatureStatus(publisher, [])).toEqual({
      kind: 'unknown',
      claimedName: 'Kazakh Digital Rights',
      fingerprint,
      publicKey: signer.publicKey,
    });
    expect(
      await signatureStatus(publisher, [{ publicKey: signer.publicKey, name: 'KDR (from Aigerim)' }]),
    ).toEqual({
      kind: 'trusted',
      name: 'KDR (from Aigerim)',
      fingerprint,
      publicKey: signer.publicKey,
    });
  });

  it('the fingerprint format is stable: 25 digits in five groups, pinned for a fixed key', async () => {
    const key = toBase64(new Uint8Array(32).map((_, i) => i));
    const fingerprint = await keyFingerprint(key);
    expect(fingerprint).toMatch(/^\d{5} \d{5} \d{5} \d{5} \d{5}$/);
    // SHA-256 of bytes 0..31 starts 630dcd2966c4336691125448bbb25b4ff412a49c; its first 80 bits in decimal.
    expect(fingerprint).toBe(
      BigInt('0x630dcd2966c433669112').toString().padStart(25, '0').match(/.{5}/g)!.join(' '),
    );
    expect(fingerprint).toBe('04677 68872 93729 77826 73682');
  });

  it('the signed bytes are the context, the name, the key and the file without its signature', () => {
    const bytes = signedBytes('<html>x</html>', { name: 'A "B"', publicKey: 'KEY' });
    expect(new TextDecoder().decode(bytes)).toBe(
      'vantage-pack-signature-v1\n"A \\"B\\""\nKEY\n<html>x</html>',
    );
  });
});

describe('the keys this device keeps', () => {
  it('creates the publisher key once, under the given name; signs packs that verify', async () => {
    expect(await getOwnKey()).toBeUndefined();
    await expect(ownSigner('   ')).rejects.toThrow(/name/);
    const first = await ownSigner('  Aigerim  ');
    const again = await ownSigner('ignored');
    expect(again.publicKey).toBe(first.publicKey);
    expect(first.name).toBe('Aigerim');
    const own = await getOwnKey();
    expect(own).toMatchObject({ name: 'Aigerim', publicKey: first.publicKey });
    expect(own!.fingerprint).toBe(await keyFingerprint(first.publicKey));
    const html = await signedPack(first);
    expect(await checkPackFile(new Blob([html]))).toMatchObject({
      ok: true,
      signer: { publicKey: first.publicKey },
    });
  });

  it('remembers the keys the user trusts, and forgets one on request', async () => {
    const a = await newSigner('A');
    await trustKey(a.publicKey, '  NGO A ');
    expect(await trustedKeys()).toEqual([expect.objectContaining({ publicKey: a.publicKey, name: 'NGO A' })]);
    await forgetKey(a.publicKey);
    expect(await trustedKeys()).toEqual([]);
  });
});

describe('a settings file may only suggest trusting a pack key', () => {
  it('its keys come back as suggestions, nothing trusted; bad keys are refused', async () => {
    const a = await newSigner('A');
    const file = JSON.stringify({
      format: 'vantage-settings',
      version: 1,
      settings: {},
      packKeys: [
        { name: 'Kazakh Digital Rights', publicKey: a.publicKey },
        { name: 'broken', publicKey: 'not a key' },
        { name: '', publicKey: a.publicKey },
      ],
    });
    const imported = importPreset(file, DEFAULT_SETTINGS);
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    expect(imported.packKeys).toEqual([{ name: 'Kazakh Digital Rights', publicKey: a.publicKey }]);
    expect(imported.refused).toEqual(
      expect.arrayContaining([
        { key: 'packKeys.1', reason: 'invalid' },
        { key: 'packKeys.2', reason: 'invalid' },
      ]),
    );
    expect(await trustedKeys()).toEqual([]);
  });
});

function stripSignature(html: string): string {
  return html.replace(/<script type="application\/json" id="vantage-pack-signature">[^<]*<\/script>/, '');
}

async function signPackHtmlOf(html: string, signer: PackSigner): Promise<string> {
  const { signPackFile } = await import('../../../lib/library/pack/signature');
  return signPackFile(stripSignature(html), signer);
}
