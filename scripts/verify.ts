/**
 * `npm run verify -- <file> [--sums SHA256SUMS] [--sig SHA256SUMS.sig] [--key vantage-release.pub]`
 * Exit 0: the signed list vouches for the file. Exit 1: it does not (the reason is printed).
 * Exit 2: the command was used wrongly or an input is missing. The key defaults to the one pinned
 * in this repository (release-keys/), never to the key that came with the download.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readPublicKey } from './release/keys';
import { verifyRelease } from './release/verify-file';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PINNED_KEY = join(repoRoot, 'release-keys', 'vantage-release.pub');

function fail(code: 1 | 2, message: string): never {
  console.error(`verify: ${message}`);
  process.exit(code);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { sums: { type: 'string' }, sig: { type: 'string' }, key: { type: 'string' } },
  });
} catch (error) {
  fail(2, (error as Error).message);
}
const [file, ...extra] = parsed.positionals;
if (!file || extra.length)
  fail(2, 'usage: npm run verify -- <file> [--sums SHA256SUMS] [--sig SHA256SUMS.sig] [--key PUBLIC_KEY]');
const sumsPath = parsed.values.sums ?? join(dirname(file), 'SHA256SUMS');
const sigPath = parsed.values.sig ?? `${sumsPath}.sig`;
const keyPath = parsed.values.key ?? PINNED_KEY;

for (const [what, path] of [
  ['file', file],
  ['SHA256SUMS', sumsPath],
  ['signature', sigPath],
] as const) {
  if (!existsSync(path)) fail(2, `${what} not found: ${path}`);
}
if (!existsSync(keyPath)) {
  fail(
    2,
    keyPath === PINNED_KEY
      ? `no project release key is published yet (${PINNED_KEY} does not exist); pass --key with a public key whose fingerprint you have checked.`
      : `public key not found: ${keyPath}`,
  );
}
const key = readPublicKey(readFileSync(keyPath, 'utf8'));
if (!key.ok) fail(2, `${keyPath} is not an Ed25519 public key (${key.detail})`);

const result = verifyRelease({
  name: basename(file),
  file: readFileSync(file),
  sums: readFileSync(sumsPath),
  signature: readFileSync(sigPath),
  publicKey: key.key,
});
console.log(`key ${keyPath}\nfingerprint ${result.fingerprint}`);
if (!result.ok) fail(1, `NOT VERIFIED (${result.reason}): ${result.detail}`);
console.log(`OK: ${result.name} (sha256 ${result.sha256}) is listed in SHA256SUMS, signed by this key.`);
console.log('Compare the fingerprint above with the one published in several places (docs/distribution.md).');
