/**
 * `npm run install-kit`: docs/install/{en,ru,kk}.md as one self-contained page,
 * .output/install-kit.html, showing the fingerprint of the key pinned in release-keys/.
 * (`npm run release` builds the same page with the key it signs with.)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readKitPages } from './release/assemble';
import { installKitHtml } from './release/install-kit-html';
import { fingerprint, readPublicKey } from './release/keys';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pinned = join(repoRoot, 'release-keys', 'vantage-release.pub');
let keyFingerprint: string | null = null;
if (existsSync(pinned)) {
  const key = readPublicKey(readFileSync(pinned, 'utf8'));
  if (!key.ok) {
    console.error(`install-kit: ${pinned} is not an Ed25519 public key (${key.detail})`);
    process.exit(2);
  }
  keyFingerprint = fingerprint(key.key);
}
const out = join(repoRoot, '.output', 'install-kit.html');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, installKitHtml({ pages: readKitPages(repoRoot), fingerprint: keyFingerprint }));
console.log(`${out}\nrelease key fingerprint: ${keyFingerprint ?? 'none published yet'}`);
