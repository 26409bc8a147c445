/**
 * Offline pack throughput in real Chromium: a library of N articles (bench/fill-library.ts: the
 * corpus pages, one 20 KB image each) exported from the reader page as one file (click →
 * download), then imported into a second, empty profile (file chosen → report on screen), the
 * way a user and a friend would. Prints articles/s, MB/s and bytes per article.
 *
 *   npx tsx bench/library-pack.ts [--articles 1000]   (no assertions; figures for docs/benchmarks.md)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../tests/e2e/harness/chromium';
import { startLabSession } from '../tests/e2e/harness/session';
import { fillLibrary } from './fill-library';

const count = Number(process.argv[process.argv.indexOf('--articles') + 1]) || 1_000;
execFileSync('npx', ['wxt', 'build'], { stdio: 'ignore' });
const dir = mkdtempSync(join(tmpdir(), 'vantage-bench-pack-'));
const session = await startLabSession();
const friend = await launchChromium({ resolverRules: session.lab.resolverRules, home: session.home });
try {
  const page = await session.browser.openPage('options.html');
  await fillLibrary(page, count);
  await page.close();

  const reader = await session.browser.openPage('reader.html');
  await reader.getByTestId('pack-export').waitFor();
  let started = performance.now();
  const [download] = await Promise.all([
    reader.waitForEvent('download', { timeout: 600_000 }),
    reader.getByTestId('pack-export').click(),
  ]);
  const path = join(dir, 'pack.html');
  await download.saveAs(path);
  const exportMs = performance.now() - started;
  const bytes = statSync(path).size;
  const mb = bytes / 1024 / 1024;
  console.log(
    `export ${count} articles: ${(exportMs / 1000).toFixed(1)} s → ${mb.toFixed(1)} MB file ` +
      `(${(bytes / count / 1024).toFixed(1)} KB per article); ${(count / (exportMs / 1000)).toFixed(0)} articles/s, ` +
      `${(mb / (exportMs / 1000)).toFixed(1)} MB/s`,
  );

  const other = await friend.openPage('reader.html');
  await other.getByTestId('pack-import').waitFor();
  started = performance.now();
  await other.getByTestId('pack-import').setInputFiles(path);
  await other.getByTestId('pack-import-summary').waitFor({ timeout: 600_000 });
  const importMs = performance.now() - started;
  console.log(
    `import into an empty profile: ${(importMs / 1000).toFixed(1)} s; ${(count / (importMs / 1000)).toFixed(0)} articles/s, ` +
      `${(mb / (importMs / 1000)).toFixed(1)} MB/s — ${await other.getByTestId('pack-import-summary').textContent()}`,
  );
} finally {
  await friend.close();
  await session.close();
  rmSync(dir, { recursive: true, force: true });
}
