/**
 * Popup cost: the JavaScript it loads (gzipped) and how fast it paints the last known state.
 * Opens the built popup 20 times in Chromium after a lab run has stored results and reports, from
 * navigation start:
 *  - the popup's own `popup-last-state` mark (a requestAnimationFrame queued when the last state,
 *    translated, is first rendered: the frame that shows it);
 *  - the browser's first contentful paint (the first render is an empty <main> until that state
 *    is there, so the first text painted is the state);
 *  - a bare extension page (one paragraph, one classic script) opened the same way: the floor
 *    this machine puts under any extension page.
 * With `--against DIR` (another build's chrome-mv3 folder, e.g. from a `git worktree` of an
 * older commit) it opens that build's popup alternately with ours in the same lab, so both are
 * measured under the same load.
 *
 *   npx tsx bench/popup.ts [--against /tmp/base/.output/chrome-mv3] [--rounds 20]
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../tests/e2e/harness/chromium';
import { runAndWait, send } from '../tests/e2e/harness/extension-api';
import { labPreset, scenarioSiteTargets } from '../tests/e2e/harness/lab-preset';
import { POPUP_JS_BUDGET_BYTES, popupScriptSize } from '../tests/e2e/harness/popup-size';
import { startLabSession } from '../tests/e2e/harness/session';

const { values: args } = parseArgs({
  options: { against: { type: 'string' }, rounds: { type: 'string', default: '20' } },
});
const rounds = Number(args.rounds);

execFileSync('npx', ['wxt', 'build'], { stdio: 'ignore' });
// Our build plus the bare page, in a copy so the real output folder stays as built.
const work = mkdtempSync(join(tmpdir(), 'vantage-bench-popup-'));
const builds: { name: string; dir: string }[] = [{ name: 'this build', dir: join(work, 'this') }];
cpSync('.output/chrome-mv3', builds[0]!.dir, { recursive: true });
if (args.against) {
  builds.push({ name: `against ${args.against}`, dir: join(work, 'against') });
  cpSync(resolve(args.against), builds[1]!.dir, { recursive: true });
}
for (const { dir } of builds) {
  writeFileSync(
    join(dir, 'bench-bare.html'),
    '<!doctype html><meta charset="utf-8"><p>Vantage</p><script src="bench-bare.js"></script>',
  );
  writeFileSync(join(dir, 'bench-bare.js'), "requestAnimationFrame(() => performance.mark('bare'));");
}

for (const build of builds) {
  const size = popupScriptSize(build.dir);
  console.log(
    `popup JS (${build.name}): ${size.files.length} files, ${(size.rawBytes / 1024).toFixed(1)} KB raw, ` +
      `${(size.gzippedBytes / 1024).toFixed(1)} KB gzipped (goal ≤ ${POPUP_JS_BUDGET_BYTES / 1024} KB)`,
  );
}

async function mark(page: Page, name: string): Promise<number> {
  const handle = await page.waitForFunction((n) => performance.getEntriesByName(n)[0]?.startTime, name);
  return (await handle.jsonValue()) as number;
}

const session = await startLabSession();
const browsers: ChromiumSession[] = [session.browser];
try {
  for (const build of builds.slice(1)) {
    browsers.push(
      await launchChromium({
        resolverRules: session.lab.resolverRules,
        home: session.home,
        extensionDir: build.dir,
      }),
    );
  }
  // The first browser was launched on .output; relaunching it on the copy keeps both measured alike.
  await session.browser.close();
  browsers[0] = await launchChromium({
    resolverRules: session.lab.resolverRules,
    home: session.home,
    extensionDir: builds[0]!.dir,
  });
  for (const browser of browsers) {
    const page = await browser.openPage('options.html');
    await send(page, 'importSettings', { json: labPreset(scenarioSiteTargets(session.lab)) });
    await runAndWait(page);
    // Measured as a user opens the popup: the options page (with its live panels) closed.
    await page.close();
  }
  const figures = builds.map(() => ({ frame: [] as number[], fcp: [] as number[], bare: [] as number[] }));
  for (let i = 0; i < rounds; i++) {
    for (const [b, browser] of browsers.entries()) {
      const popup = await browser.context.newPage();
      await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`, { waitUntil: 'commit' });
      await popup.locator('[data-testid=connection-banner][data-state]:not([data-state=unknown])').waitFor();
      figures[b]!.frame.push(await mark(popup, 'popup-last-state'));
      figures[b]!.fcp.push(await mark(popup, 'first-contentful-paint'));
      await popup.close();
      const bare = await browser.context.newPage();
      await bare.goto(`chrome-extension://${browser.extensionId}/bench-bare.html`, { waitUntil: 'commit' });
      figures[b]!.bare.push(await mark(bare, 'bare'));
      await bare.close();
    }
  }
  const summary = (xs: number[]) => {
    xs.sort((a, b) => a - b);
    return `median ${xs[Math.floor(xs.length / 2)]!.toFixed(0)} ms, min ${xs[0]!.toFixed(0)}, max ${xs.at(-1)!.toFixed(0)}`;
  };
  for (const [b, build] of builds.entries()) {
    const f = figures[b]!;
    console.log(`${build.name}, n=${rounds} (goal ≤ 100 ms):`);
    console.log(`  last state's frame (popup mark):  ${summary(f.frame)}`);
    console.log(`  first contentful paint:           ${summary(f.fcp)}`);
    console.log(`  bare extension page (floor):      ${summary(f.bare)}`);
  }
} finally {
  for (const browser of browsers) await browser.close().catch(() => {});
  await session.lab.stop();
  rmSync(session.home, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
}
