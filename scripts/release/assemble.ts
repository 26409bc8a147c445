/**
 * Everything that goes into a release folder, from built zips and keys. The SHA256SUMS list
 * names every other file, and its detached Ed25519 signature is the one thing a user checks.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuiltExtensions } from './build';
import { writeCrx } from './crx';
import { installKitHtml } from './install-kit-html';
import type { Lang } from './install-kit-html';
import { fingerprint, publicKeyPem, signDetached } from './keys';
import type { SigningKeys } from './signing-keys';
import { formatSums, sha256Hex } from './sums';
import { chromeExtensionId, chromeUpdateXml, firefoxUpdatesJson, releaseUrl } from './update-manifests';

/** RFC 2606 reserves .invalid: a placeholder that can never reach anyone's server. */
export const PLACEHOLDER_BASE_URL = 'https://example.invalid/vantage/releases';
const TEST_BUILD_MARKER = 'TEST-BUILD-NOT-FOR-RELEASE.txt';

function releaseNames(version: string): Record<'chromeZip' | 'crx' | 'firefoxZip' | 'xpi', string> {
  return {
    chromeZip: `vantage-${version}-chrome.zip`,
    crx: `vantage-${version}-chrome.crx`,
    firefoxZip: `vantage-${version}-firefox.zip`,
    // Made by `npm run sign:firefox` (AMO signs it); a release includes it when it is there.
    xpi: `vantage-${version}-firefox.xpi`,
  };
}

export interface ReleaseSummary {
  outDir: string;
  files: string[];
  fingerprint: string;
  chromeId: string;
  throwaway: boolean;
  signedXpi: boolean;
}

export async function assembleRelease(input: {
  built: BuiltExtensions;
  keys: SigningKeys;
  outDir: string;
  baseUrl: string;
  kitPages: Record<Lang, string>;
}): Promise<ReleaseSummary> {
  const { built, keys, outDir } = input;
  const names = releaseNames(built.version);
  mkdirSync(outDir, { recursive: true });
  // Start clean, but keep an AMO-signed XPI of this version: it cannot be remade here.
  for (const entry of readdirSync(outDir)) {
    if (entry !== names.xpi) rmSync(join(outDir, entry), { recursive: true, force: true });
  }
  const xpiPath = join(outDir, names.xpi);
  const signedXpi = existsSync(xpiPath);

  writeFileSync(join(outDir, names.chromeZip), built.chromeZip);
  writeFileSync(join(outDir, names.firefoxZip), built.firefoxZip);
  const crxId = await writeCrx({
    zip: built.crxZip,
    keyPath: keys.crxKeyPath,
    crxPath: join(outDir, names.crx),
  });
  const chromeId = chromeExtensionId(keys.crxPublicKey);
  if (crxId !== chromeId) throw new Error(`crx3 signed as ${crxId}, but the CRX key's id is ${chromeId}`);

  const firefoxManifest = JSON.parse(readFileSync(join(built.firefoxDir, 'manifest.json'), 'utf8')) as {
    browser_specific_settings: { gecko: { id: string; strict_min_version: string } };
  };
  const gecko = firefoxManifest.browser_specific_settings.gecko;
  writeFileSync(
    join(outDir, 'update.xml'),
    chromeUpdateXml({
      appId: chromeId,
      version: built.version,
      crxUrl: releaseUrl(input.baseUrl, names.crx),
    }),
  );
  writeFileSync(
    join(outDir, 'updates.json'),
    firefoxUpdatesJson({
      geckoId: gecko.id,
      version: built.version,
      xpiUrl: releaseUrl(input.baseUrl, names.xpi),
      strictMinVersion: gecko.strict_min_version,
      ...(signedXpi ? { xpiSha256: sha256Hex(readFileSync(xpiPath)) } : {}),
    }),
  );

  const keyFingerprint = fingerprint(keys.releasePublicKey);
  writeFileSync(
    join(outDir, 'install-kit.html'),
    installKitHtml({
      pages: input.kitPages,
      fingerprint: keyFingerprint,
      chromeId,
      testBuild: keys.throwaway,
    }),
  );
  writeFileSync(join(outDir, 'vantage-release.pub'), publicKeyPem(keys.releasePublicKey));
  if (keys.throwaway) {
    writeFileSync(
      join(outDir, TEST_BUILD_MARKER),
      [
        'This is a TEST build, signed with throw-away keys that were deleted after use.',
        'Do not publish, install or pass on these files: nobody can verify them.',
        `Commit ${built.commit}; throw-away key fingerprint ${keyFingerprint}.`,
        '',
      ].join('\n'),
    );
  }

  const listed = readdirSync(outDir).sort();
  const sums = formatSums(listed.map((name) => ({ name, data: readFileSync(join(outDir, name)) })));
  writeFileSync(join(outDir, 'SHA256SUMS'), sums);
  writeFileSync(join(outDir, 'SHA256SUMS.sig'), signDetached(Buffer.from(sums), keys.releaseKey));
  return {
    outDir,
    files: [...listed, 'SHA256SUMS', 'SHA256SUMS.sig'],
    fingerprint: keyFingerprint,
    chromeId,
    throwaway: keys.throwaway,
    signedXpi,
  };
}

export function readKitPages(repoRoot: string): Record<Lang, string> {
  const read = (lang: Lang): string => readFileSync(join(repoRoot, 'docs', 'install', `${lang}.md`), 'utf8');
  return { en: read('en'), ru: read('ru'), kk: read('kk') };
}
