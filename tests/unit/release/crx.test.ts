import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCrxKey, writeCrx } from '../../../scripts/release/crx';
import { publicKeyPem } from '../../../scripts/release/keys';
import { loadSigningKeys, matchesPinnedKey } from '../../../scripts/release/signing-keys';
import { chromeExtensionId } from '../../../scripts/release/update-manifests';

/** Protobuf fields of one message: field number → list of length-delimited values (crx3.proto). */
function protoFields(bytes: Buffer): Map<number, Buffer[]> {
  const fields = new Map<number, Buffer[]>();
  let at = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < bytes.length) {
    const key = varint();
    if ((key & 7) !== 2) throw new Error(`unexpected wire type ${key & 7}`);
    const length = varint();
    fields.set(key >>> 3, [...(fields.get(key >>> 3) ?? []), bytes.subarray(at, at + length)]);
    at += length;
  }
  return fields;
}

/**
 * What Chrome checks (components/crx_file/crx_verifier.cc): magic "Cr24", version 3, a header
 * whose RSA proof signs "CRX3 SignedData\x00" + le32(len) + signed_header_data + archive, and
 * whose signed crx_id is the first 16 bytes of SHA-256 of that proof's public key.
 */
function verifyCrx(crx: Buffer): { id: string; archive: Buffer } | null {
  if (crx.subarray(0, 4).toString('latin1') !== 'Cr24' || crx.readUInt32LE(4) !== 3) return null;
  const headerLength = crx.readUInt32LE(8);
  const header = protoFields(crx.subarray(12, 12 + headerLength));
  const archive = crx.subarray(12 + headerLength);
  const signedData = header.get(10000)?.[0];
  const proof = header.get(2)?.[0];
  if (!signedData || !proof) return null;
  const { 1: [publicKeyDer] = [], 2: [signature] = [] } = Object.fromEntries(protoFields(proof));
  if (!publicKeyDer || !signature) return null;
  const crxId = protoFields(signedData).get(1)?.[0];
  const publicKey = createPublicKey({ key: publicKeyDer, format: 'der', type: 'spki' });
  if (!crxId?.equals(createHash('sha256').update(publicKeyDer).digest().subarray(0, 16))) return null;
  const length = Buffer.alloc(4);
  length.writeUInt32LE(signedData.length);
  const message = Buffer.concat([Buffer.from('CRX3 SignedData\x00', 'latin1'), length, signedData, archive]);
  if (!verify('sha256', message, publicKey, signature)) return null;
  return { id: chromeExtensionId(publicKey), archive };
}

function rsaKeyFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vantage-crx-'));
  const path = join(dir, 'crx.pem');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  return path;
}

describe('CRX3 signed with the project key', () => {
  const zip = Buffer.from('PK\u0005\u0006'.padEnd(22, '\0'), 'latin1');

  it("wraps exactly the given zip, signed so Chrome would accept it, under the key's extension id", async () => {
    const keyPath = rsaKeyFile();
    const crxPath = join(keyPath, '..', 'v.crx');
    const appId = await writeCrx({ zip, keyPath, crxPath });
    const checked = verifyCrx(readFileSync(crxPath));
    const key = readCrxKey(keyPath);
    expect(key.ok && chromeExtensionId(key.publicKey)).toBe(appId);
    expect(checked).toEqual({ id: appId, archive: zip });
  });

  it('is refused when its payload is changed after signing', async () => {
    const keyPath = rsaKeyFile();
    const crxPath = join(keyPath, '..', 'v.crx');
    await writeCrx({ zip, keyPath, crxPath });
    const crx = readFileSync(crxPath);
    crx.writeUInt8(crx.at(-1)! ^ 1, crx.length - 1);
    expect(verifyCrx(crx)).toBeNull();
  });

  it('gives the same bytes twice from one key and zip', async () => {
    const keyPath = rsaKeyFile();
    await writeCrx({ zip, keyPath, crxPath: join(keyPath, '..', 'a.crx') });
    await writeCrx({ zip, keyPath, crxPath: join(keyPath, '..', 'b.crx') });
    expect(
      readFileSync(join(keyPath, '..', 'a.crx')).equals(readFileSync(join(keyPath, '..', 'b.crx'))),
    ).toBe(true);
  });
});

describe('release keys', () => {
  it('makes throw-away keys, outside the repo, when neither key is configured', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'vantage-keys-'));
    const loaded = loadSigningKeys({}, scratch);
    expect(loaded.ok && loaded.keys.throwaway).toBe(true);
    expect(loaded.ok && loaded.keys.crxKeyPath.startsWith(scratch)).toBe(true);
  });

  it('refuses half a configuration, a missing file and a key of the wrong kind — and never creates one', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'vantage-keys-'));
    const crxKey = rsaKeyFile();
    const missing = join(scratch, 'typo.pem');
    expect(loadSigningKeys({ VANTAGE_CRX_KEY: crxKey }, scratch)).toMatchObject({ ok: false });
    const ed = join(scratch, 'release.pem');
    writeFileSync(ed, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(loadSigningKeys({ VANTAGE_RELEASE_KEY: ed, VANTAGE_CRX_KEY: missing }, scratch)).toMatchObject({
      ok: false,
      detail: expect.stringContaining('does not exist'),
    });
    expect(existsSync(missing)).toBe(false);
    expect(loadSigningKeys({ VANTAGE_RELEASE_KEY: crxKey, VANTAGE_CRX_KEY: crxKey }, scratch)).toMatchObject({
      ok: false,
      detail: expect.stringContaining('Ed25519'),
    });
    expect(loadSigningKeys({ VANTAGE_RELEASE_KEY: ed, VANTAGE_CRX_KEY: ed }, scratch)).toMatchObject({
      ok: false,
      detail: expect.stringContaining('RSA'),
    });
    const loaded = loadSigningKeys({ VANTAGE_RELEASE_KEY: ed, VANTAGE_CRX_KEY: crxKey }, scratch);
    expect(loaded.ok && loaded.keys.throwaway).toBe(false);
  });

  it('refuses to sign a release with a key other than the one release-keys/ pins', () => {
    const pinned = generateKeyPairSync('ed25519').publicKey;
    const other = generateKeyPairSync('ed25519').publicKey;
    expect(matchesPinnedKey(publicKeyPem(pinned), pinned)).toEqual({ ok: true });
    expect(matchesPinnedKey(null, other)).toEqual({ ok: true });
    expect(matchesPinnedKey(publicKeyPem(pinned), other)).toMatchObject({
      ok: false,
      detail: expect.stringContaining('is not the key release-keys/vantage-release.pub pins'),
    });
  });
});
