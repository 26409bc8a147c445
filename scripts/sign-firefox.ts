/**
 * `npm run sign:firefox [-- --out <release dir>]`: has AMO sign the release's Firefox zip as an
 * unlisted add-on (not shown on addons.mozilla.org, but installable from any mirror: Firefox checks
 * Mozilla's signature offline). Needs AMO API credentials in WEB_EXT_API_KEY / WEB_EXT_API_SECRET
 * (the names web-ext itself reads). Afterwards run `npm run release` again: the XPI then gets its
 * line in SHA256SUMS and its hash in updates.json.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import JSZip from 'jszip';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { out: { type: 'string', default: '.output/release' } } });
const outDir = resolve(repoRoot, values.out);

if (!process.env.WEB_EXT_API_KEY || !process.env.WEB_EXT_API_SECRET) {
  console.error(
    [
      'sign:firefox: no AMO credentials, nothing was sent.',
      'Set WEB_EXT_API_KEY (the JWT issuer) and WEB_EXT_API_SECRET (the JWT secret) from',
      'https://addons.mozilla.org/developers/addon/api/key/ and run it again.',
      'Until then the release has the Firefox zip only; release Firefox will not install it unsigned.',
    ].join('\n'),
  );
  process.exit(2);
}

const zips = existsSync(outDir)
  ? readdirSync(outDir).filter((name) => /^vantage-.+-firefox\.zip$/.test(name))
  : [];
if (zips.length !== 1) {
  console.error(
    `sign:firefox: expected one vantage-<version>-firefox.zip in ${outDir}; run \`npm run release\` first.`,
  );
  process.exit(2);
}
const zipName = zips[0]!;
const xpiName = zipName.replace(/\.zip$/, '.xpi');

const scratch = mkdtempSync(join(tmpdir(), 'vantage-amo-'));
try {
  // Sign exactly the released bytes' contents, not whatever is in .output/firefox-mv3 now.
  const zip = await JSZip.loadAsync(readFileSync(join(outDir, zipName)));
  const source = join(scratch, 'source');
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    const target = join(source, entry.name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, await entry.async('nodebuffer'));
  }
  const artifacts = join(scratch, 'artifacts');
  const result = spawnSync(
    'npx',
    ['web-ext', 'sign', '--channel', 'unlisted', '--source-dir', source, '--artifacts-dir', artifacts],
    { stdio: 'inherit', cwd: repoRoot },
  );
  const signed = existsSync(artifacts) ? readdirSync(artifacts).filter((name) => name.endsWith('.xpi')) : [];
  if (result.status !== 0 || signed.length !== 1) {
    console.error('sign:firefox: AMO did not return a signed XPI; the release is unchanged.');
    process.exit(1);
  }
  copyFileSync(join(artifacts, signed[0]!), join(outDir, xpiName));
  console.log(
    `sign:firefox: ${join(outDir, xpiName)}\nNow run \`npm run release\` again to list it in SHA256SUMS.`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
