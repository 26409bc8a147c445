/**
 * The release signing key (Ed25519, Node's built-in crypto) and what people compare by eye:
 * a short fingerprint in groups of four hex digits.
 */
import { createHash, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

export interface KeyError {
  ok: false;
  reason: 'not-a-key' | 'not-ed25519';
  detail: string;
}

export function readPublicKey(pem: string): { ok: true; key: KeyObject } | KeyError {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    return { ok: false, reason: 'not-a-key', detail: (error as Error).message };
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    return { ok: false, reason: 'not-ed25519', detail: `a ${key.asymmetricKeyType ?? 'unknown'} key` };
  }
  return { ok: true, key };
}

/** The 32 raw bytes of an Ed25519 public key (the tail of its SPKI encoding). */
function rawPublicKey(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' }).subarray(-32);
}

/** SHA-256 of the raw public key, first 16 bytes: "1A2B 3C4D ..." — short enough to read aloud. */
export function fingerprint(key: KeyObject): string {
  const hex = createHash('sha256').update(rawPublicKey(key)).digest('hex').slice(0, 32).toUpperCase();
  return hex.match(/.{4}/g)!.join(' ');
}

export function signDetached(data: Uint8Array, privateKey: KeyObject): Buffer {
  return sign(null, data, privateKey);
}

export function verifyDetached(data: Uint8Array, signature: Uint8Array, publicKey: KeyObject): boolean {
  // A signature of the wrong length makes Node throw; for us it is just not a valid signature.
  if (signature.length !== 64) return false;
  return verify(null, data, publicKey, signature);
}

export function publicKeyPem(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

/** A key for tests and for bundles made without the project's key (said loudly by the caller). */
export function throwawayEd25519(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ed25519');
}
