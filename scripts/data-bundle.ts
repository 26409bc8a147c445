/**
 * `npm run data:bundle -- [--version N] [--out FILE] [--pinned KEYS.json]`: the project's data (the mirror
 * list, the blockpage fingerprints, the target packs and the advice's links) as one signed, versioned
 * bundle (docs/distribution.md#data-bundle).
 *   VANTAGE_DATA_KEY  Ed25519 private key (PEM) that signs data bundles; it must be one of the keys
 *                     public/data-bundle-keys.json pins, or every Vantage refuses the bundle.
 * Without it the bundle is signed with a throw-away key, made now and forgotten, and the output
 * says so: such a bundle is only good for a test build that pins that key.
 * The version defaults to the current Unix time in seconds: it only ever grows, so a bundle made
 * later always replaces one made earlier. Pass --version to set it (it must still grow).
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parsePinnedKeys } from '../lib/data-bundle';
import { throwawayEd25519 } from './release/keys';
import { makeSignedBundle, projectContents, rawPublicKeyBase64 } from './data-bundle/make';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function fail(message: string): never {
  console.error(`data:bundle: ${message}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: { version: { type: 'string' }, out: { type: 'string' }, pinned: { type: 'string' } },
  }));
} catch (error) {
  fail((error as Error).message);
}
const version = values.version === undefined ? Math.floor(Date.now() / 1000) : Number(values.version);
if (!Number.isSafeInteger(version) || version < 1)
  fail(`--version must be a positive integer, not ${values.version}`);
const out = resolve(values.out ?? join(repoRoot, '.output', 'data-bundle', 'vantage-data.json'));

let privateKey: KeyObject;
let throwaway = false;
const keyPath = process.env.VANTAGE_DATA_KEY;
if (keyPath) {
  if (!existsSync(keyPath)) fail(`VANTAGE_DATA_KEY: ${keyPath} does not exist`);
  try {
    privateKey = createPrivateKey(readFileSync(keyPath));
  } catch (error) {
    fail(`VANTAGE_DATA_KEY: ${keyPath}: ${(error as Error).message}`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519')
    fail(`VANTAGE_DATA_KEY: ${keyPath} is not an Ed25519 private key`);
} else {
  privateKey = throwawayEd25519().privateKey;
  throwaway = true;
}
const publicRaw = rawPublicKeyBase64(createPublicKey(privateKey));
// The keys the extension pins (a test build's own list with --pinned).
const pinnedPath = resolve(values.pinned ?? join(repoRoot, 'public', 'data-bundle-keys.json'));
if (!existsSync(pinnedPath)) fail(`--pinned: ${pinnedPath} does not exist`);
const pinned = parsePinnedKeys(readFileSync(pinnedPath, 'utf8'));
if (!throwaway && pinned.length > 0 && !pinned.includes(publicRaw)) {
  fail(
    `VANTAGE_DATA_KEY's public key (${publicRaw}) is not pinned in ${pinnedPath}: no Vantage would take this bundle.`,
  );
}

const text = makeSignedBundle(
  { version, createdAt: new Date().toISOString(), contents: projectContents(repoRoot) },
  privateKey,
);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, text);
console.log(`data:bundle: version ${version}, ${Buffer.byteLength(text)} bytes → ${out}`);
console.log(`data:bundle: signed by public key ${publicRaw}`);
if (throwaway) {
  console.log(
    'data:bundle: TEST BUNDLE — signed with a throw-away key (VANTAGE_DATA_KEY is not set). No released Vantage will take it.',
  );
}
