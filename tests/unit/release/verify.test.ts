import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  fingerprint,
  publicKeyPem,
  readPublicKey,
  signDetached,
  verifyDetached,
} from '../../../scripts/release/keys';
import { formatSums, parseSums, sha256Hex } from '../../../scripts/release/sums';
import { verifyRelease } from '../../../scripts/release/verify-file';

function release() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const zip = Buffer.from('PK\u0003\u0004 pretend this is the extension');
  const crx = Buffer.from('Cr24 pretend this is the crx');
  const sums = Buffer.from(
    formatSums([
      { name: 'vantage-1.0.0-chrome.zip', data: zip },
      { name: 'vantage-1.0.0-chrome.crx', data: crx },
    ]),
  );
  return { privateKey, publicKey, zip, sums, signature: signDetached(sums, privateKey) };
}

describe('release verification', () => {
  it('accepts a file whose hash is in a SHA256SUMS signed by the pinned key', () => {
    const r = release();
    const result = verifyRelease({
      name: 'vantage-1.0.0-chrome.zip',
      file: r.zip,
      sums: r.sums,
      signature: r.signature,
      publicKey: r.publicKey,
    });
    expect(result).toEqual({
      ok: true,
      name: 'vantage-1.0.0-chrome.zip',
      sha256: sha256Hex(r.zip),
      fingerprint: fingerprint(r.publicKey),
    });
  });

  it('rejects a tampered file: one changed byte', () => {
    const r = release();
    const tampered = Buffer.from(r.zip);
    tampered.writeUInt8(tampered.at(-1)! ^ 1, tampered.length - 1);
    const result = verifyRelease({
      name: 'vantage-1.0.0-chrome.zip',
      file: tampered,
      sums: r.sums,
      signature: r.signature,
      publicKey: r.publicKey,
    });
    expect(result).toMatchObject({ ok: false, reason: 'hash-mismatch' });
  });

  it('rejects tampered sums, even when the file matches the tampered line', () => {
    const r = release();
    // The attacker swaps in their own file and updates SHA256SUMS to match it.
    const evil = Buffer.from('PK\u0003\u0004 a backdoored build');
    const sums = Buffer.from(r.sums.toString().replace(sha256Hex(r.zip), sha256Hex(evil)));
    const result = verifyRelease({
      name: 'vantage-1.0.0-chrome.zip',
      file: evil,
      sums,
      signature: r.signature,
      publicKey: r.publicKey,
    });
    expect(result).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a release signed by another key (the attacker re-signed their own sums)', () => {
    const r = release();
    const attacker = generateKeyPairSync('ed25519');
    const result = verifyRelease({
      name: 'vantage-1.0.0-chrome.zip',
      file: r.zip,
      sums: r.sums,
      signature: signDetached(r.sums, attacker.privateKey),
      publicKey: r.publicKey,
    });
    expect(result).toMatchObject({
      ok: false,
      reason: 'bad-signature',
      fingerprint: fingerprint(r.publicKey),
    });
  });

  it('rejects a file the signed list does not name', () => {
    const r = release();
    const result = verifyRelease({
      name: 'vantage-1.0.0-chrome (1).zip',
      file: r.zip,
      sums: r.sums,
      signature: r.signature,
      publicKey: r.publicKey,
    });
    expect(result).toMatchObject({ ok: false, reason: 'not-listed' });
  });

  it('rejects a truncated or empty signature without throwing', () => {
    const r = release();
    expect(verifyDetached(r.sums, r.signature.subarray(0, 63), r.publicKey)).toBe(false);
    expect(verifyDetached(r.sums, Buffer.alloc(0), r.publicKey)).toBe(false);
  });

  it('parses what sha256sum writes (text and binary mode) and refuses anything else', () => {
    const hash = 'a'.repeat(64);
    expect(parseSums(`${hash}  a.zip\n${hash} *b.crx\n`)).toEqual({
      ok: true,
      sums: new Map([
        ['a.zip', hash],
        ['b.crx', hash],
      ]),
    });
    expect(parseSums(`${hash}  a.zip\nnot a line\n`)).toMatchObject({ ok: false, line: 2 });
    // Two lines for one name would let a forger append a second hash that a lax reader picks.
    expect(parseSums(`${hash}  a.zip\n${'b'.repeat(64)}  a.zip\n`)).toMatchObject({ ok: false, line: 2 });
  });

  it('prints a fingerprint in groups of four and reads only Ed25519 public keys', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    expect(fingerprint(publicKey)).toMatch(/^[0-9A-F]{4}( [0-9A-F]{4}){7}$/);
    const read = readPublicKey(publicKeyPem(publicKey));
    expect(read.ok && fingerprint(read.key)).toBe(fingerprint(publicKey));
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    expect(readPublicKey(publicKeyPem(rsa))).toMatchObject({ ok: false, reason: 'not-ed25519' });
    expect(readPublicKey('not a key')).toMatchObject({ ok: false, reason: 'not-a-key' });
  });
});
