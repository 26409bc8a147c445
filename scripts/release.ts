/**
 * `npm run release [-- --ref <commit> --out <dir>]`: a verifiable release from a commit
 * (docs/distribution.md). Reads VANTAGE_RELEASE_KEY, VANTAGE_CRX_KEY, RELEASE_BASE_URL and
 * SOURCE_DATE_EPOCH; with no keys it makes a TEST build with throw-away keys and says so.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { assembleRelease, PLACEHOLDER_BASE_URL, readKitPages } from './release/assemble';
import { buildExtensions, uncommittedChanges } from './release/build';
import { loadSigningKeys, matchesPinnedKey } from './release/signing-keys';
import { releaseUrl } from './release/update-manifests';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { ref: { type: 'string', default: 'HEAD' }, out: { type: 'string', default: '.output/release' } },
});
const outDir = resolve(repoRoot, values.out);
const baseUrl = process.env.RELEASE_BASE_URL || PLACEHOLDER_BASE_URL;

const scratch = mkdtempSync(join(tmpdir(), 'vantage-release-'));
try {
  const loaded = loadSigningKeys(process.env, scratch);
  if (!loaded.ok) {
    console.error(`release: ${loaded.detail}`);
    process.exit(2);
  }
  const { keys } = loaded;
  if (keys.throwaway) {
    console.warn(
      [
        '',
        '*** UNSIGNED-FOR-RELEASE TEST BUILD ***',
        'VANTAGE_RELEASE_KEY and VANTAGE_CRX_KEY are not set, so this build is signed with throw-away',
        'keys made for this run and deleted after it. Use it to test the release, never to publish:',
        'its signature matches no published key. (docs/distribution.md says how to make the real keys.)',
        '',
      ].join('\n'),
    );
  }
  if (uncommittedChanges(repoRoot)) {
    console.warn(
      `release: the working tree has uncommitted changes; they are NOT in this release (built from ${values.ref}).`,
    );
  }
  if (baseUrl === PLACEHOLDER_BASE_URL) {
    console.warn(`release: RELEASE_BASE_URL is not set; update.xml and updates.json point at ${baseUrl}.`);
  }

  const built = await buildExtensions({
    repoRoot,
    ref: values.ref,
    workDir: scratch,
    chromeUpdateUrl: releaseUrl(baseUrl, 'update.xml'),
    firefoxUpdateUrl: releaseUrl(baseUrl, 'updates.json'),
    log: console.log,
  });
  const pinnedPath = join(built.srcDir, 'release-keys', 'vantage-release.pub');
  const pinned = matchesPinnedKey(
    keys.throwaway || !existsSync(pinnedPath) ? null : readFileSync(pinnedPath, 'utf8'),
    keys.releasePublicKey,
  );
  if (!pinned.ok) {
    console.error(`release: ${pinned.detail}`);
    process.exit(2);
  }
  const summary = await assembleRelease({
    built,
    keys,
    outDir,
    baseUrl,
    kitPages: readKitPages(built.srcDir),
  });

  console.log(`\nRelease of Vantage ${built.version}, commit ${built.commit}, in ${summary.outDir}:`);
  for (const file of summary.files) console.log(`  ${file}`);
  if (!summary.signedXpi) {
    console.log('  (no signed Firefox XPI yet: `npm run sign:firefox`, then `npm run release` again)');
  }
  console.log(`\nChrome extension id:     ${summary.chromeId}`);
  console.log(
    `Release key fingerprint: ${summary.fingerprint}${summary.throwaway ? '   (THROW-AWAY TEST KEY)' : ''}`,
  );
  if (summary.throwaway) console.log('\nTEST BUILD — not for release.');
} finally {
  // The throw-away CRX key and the exported source live here; neither may outlive the run.
  rmSync(scratch, { recursive: true, force: true });
}
