/**
 * Where the two private keys come from: files named by environment variables, never the repo.
 *   VANTAGE_RELEASE_KEY  Ed25519 private key (PEM) that signs SHA256SUMS
 *   VANTAGE_CRX_KEY      RSA private key (PEM) that signs the CRX and fixes the Chrome extension id
 * With neither set, a release is a TEST build: both keys are made fresh in a temporary folder,
 * used once and deleted, and every output says so. Setting only one is a mistake, not a test.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCrxKey } from './crx';
import { fingerprint, readPublicKey } from './keys';

export interface SigningKeys {
  throwaway: boolean;
  releaseKey: KeyObject;
  releasePublicKey: KeyObject;
  crxKeyPath: string;
  crxPublicKey: KeyObject;
}

export type KeysResult = { ok: true; keys: SigningKeys } | { ok: false; detail: string };

export function loadSigningKeys(env: NodeJS.ProcessEnv, scratchDir: string): KeysResult {
  const releasePath = env.VANTAGE_RELEASE_KEY;
  const crxPath = env.VANTAGE_CRX_KEY;
  if (!releasePath && !crxPath) {
    const release = generateKeyPairSync('ed25519');
    const crx = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const crxKeyPath = join(scratchDir, 'throwaway-crx-key.pem');
    writeFileSync(crxKeyPath, crx.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    return {
      ok: true,
      keys: {
        throwaway: true,
        releaseKey: release.privateKey,
        releasePublicKey: release.publicKey,
        crxKeyPath,
        crxPublicKey: crx.publicKey,
      },
    };
  }
  if (!releasePath || !crxPath) {
    return {
      ok: false,
      detail: `Only ${releasePath ? 'VANTAGE_RELEASE_KEY' : 'VANTAGE_CRX_KEY'} is set. A release needs both keys; for a test build set neither.`,
    };
  }
  if (!existsSync(releasePath))
    return { ok: false, detail: `VANTAGE_RELEASE_KEY: ${releasePath} does not exist` };
  let releaseKey: KeyObject;
  try {
    releaseKey = createPrivateKey(readFileSync(releasePath));
  } catch (error) {
    return { ok: false, detail: `VANTAGE_RELEASE_KEY: ${releasePath}: ${(error as Error).message}` };
  }
  if (releaseKey.asymmetricKeyType !== 'ed25519') {
    return { ok: false, detail: `VANTAGE_RELEASE_KEY: ${releasePath} is not an Ed25519 private key` };
  }
  const crx = readCrxKey(crxPath);
  if (!crx.ok) return { ok: false, detail: `VANTAGE_CRX_KEY: ${crx.detail}` };
  return {
    ok: true,
    keys: {
      throwaway: false,
      releaseKey,
      releasePublicKey: createPublicKey(releaseKey),
      crxKeyPath: crxPath,
      crxPublicKey: crx.publicKey,
    },
  };
}

/**
 * A real release must be signed by the key the repository pins, or every user's check fails
 * (and a maintainer with the wrong key file would learn it only from them).
 */
export function matchesPinnedKey(
  pinnedPem: string | null,
  releasePublicKey: KeyObject,
): { ok: true } | { ok: false; detail: string } {
  if (pinnedPem === null) return { ok: true };
  const pinned = readPublicKey(pinnedPem);
  if (!pinned.ok) return { ok: false, detail: `release-keys/vantage-release.pub: ${pinned.detail}` };
  if (fingerprint(pinned.key) !== fingerprint(releasePublicKey)) {
    return {
      ok: false,
      detail: `VANTAGE_RELEASE_KEY (fingerprint ${fingerprint(releasePublicKey)}) is not the key release-keys/vantage-release.pub pins (${fingerprint(pinned.key)}).`,
    };
  }
  return { ok: true };
}
