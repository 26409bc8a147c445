/**
 * Is this downloaded file the one the project released? Two questions, in this order:
 * 1. Was SHA256SUMS signed by the key the user pinned? (If not, nothing in it can be trusted.)
 * 2. Is the file's SHA-256 the one SHA256SUMS lists under its name?
 */
import type { KeyObject } from 'node:crypto';
import { fingerprint, verifyDetached } from './keys';
import { parseSums, sha256Hex } from './sums';

export type Verification =
  | { ok: true; name: string; sha256: string; fingerprint: string }
  | {
      ok: false;
      reason: 'bad-signature' | 'malformed-sums' | 'not-listed' | 'hash-mismatch';
      detail: string;
      fingerprint: string;
    };

export function verifyRelease(input: {
  name: string;
  file: Uint8Array;
  sums: Uint8Array;
  signature: Uint8Array;
  publicKey: KeyObject;
}): Verification {
  const keyFingerprint = fingerprint(input.publicKey);
  if (!verifyDetached(input.sums, input.signature, input.publicKey)) {
    return {
      ok: false,
      reason: 'bad-signature',
      detail:
        'SHA256SUMS.sig is not a signature of this SHA256SUMS by this key: the list of hashes was changed, or signed by someone else.',
      fingerprint: keyFingerprint,
    };
  }
  const parsed = parseSums(Buffer.from(input.sums).toString('utf8'));
  if (!parsed.ok) {
    return {
      ok: false,
      reason: 'malformed-sums',
      detail: `SHA256SUMS line ${parsed.line} is not "<sha256>  <file name>": ${JSON.stringify(parsed.text)}`,
      fingerprint: keyFingerprint,
    };
  }
  const expected = parsed.sums.get(input.name);
  if (!expected) {
    return {
      ok: false,
      reason: 'not-listed',
      detail: `${input.name} is not listed in SHA256SUMS (listed: ${[...parsed.sums.keys()].join(', ')}). Renamed files cannot be checked; keep the published name.`,
      fingerprint: keyFingerprint,
    };
  }
  const actual = sha256Hex(input.file);
  if (actual !== expected) {
    return {
      ok: false,
      reason: 'hash-mismatch',
      detail: `${input.name} has SHA-256 ${actual}, but the signed list says ${expected}: the file was changed or is incomplete.`,
      fingerprint: keyFingerprint,
    };
  }
  return { ok: true, name: input.name, sha256: actual, fingerprint: keyFingerprint };
}
