/**
 * Popup cost: the JavaScript it loads (gzipped) and how fast it paints the last known state.
 * Opens the built popup 20 times in Chromium after a lab run has stored results and reports the
 * median time from navigation start to the frame in which the last state (translated) first
 * appears — the popup's own `popup-last-state` mark, set in that frame's requestAnimationFrame —
 * and, for comparison with earlier figures, the time at which Playwright's polling saw it.
 *
 *   npx tsx bench/popup.ts          (no assertions; figures for docs/benchmarks.md)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runAndWait, send } from '../tests/e2e/harness/extension-api';
import { labPreset, scenarioSiteTargets } from '../tests/e2e/harness/lab-preset';
import { startLabSession } from '../tests/e2e/harness/session';

execFileSync('npx', ['wxt', 'build'], { stdio: 'ignore' });
const dir = '.output/chrome-mv3';
const html = readFileSync(join(dir, 'popup.html'), 'utf8');
const scripts = [...html.matchAll(/(?:src|href)="\/?([^"]+\.js)"/g)].map((m) => m[1]!);
let raw = 0;
let gzipped = 0;
for (const file of scripts) {
  const bytes = readFileSync(join(dir, file));
  raw += bytes.length;
  gzipped += gzipSync(bytes, { level: 9 }).length;
}
console.log(
  `popup JS: ${scripts.length} files, ${(raw / 1024).toFixed(1)} KB raw, ${(gzipped / 1024).toFixed(1)} KB gzipped (goal ≤ 35 KB)`,
);

const session = await startLabSession();
try {
  const page = await session.browser.openPage('options.html');
  await send(page, 'importSettings', { json: labPreset(scenarioSiteTargets(session.lab)) });
  await runAndWait(page);
  // Measure the popup on its own, as a user opens it: the options page (its live panels) closed.
  await page.close();
  const times: number[] = [];
  const marks: number[] = [];
  for (let i = 0; i < 20; i++) {
    const popup = await session.browser.context.newPage();
    await popup.goto(`chrome-extension://${session.browser.extensionId}/popup.html`, { waitUntil: 'commit' });
    await popup.locator('[data-testid=connection-banner][data-state]:not([data-state=unknown])').waitFor();
    times.push(await popup.evaluate(() => performance.now()));
    const mark = await popup.waitForFunction(
      () => performance.getEntriesByName('popup-last-state')[0]?.startTime,
    );
    marks.push((await mark.jsonValue()) as number);
    await popup.close();
  }
  const summary = (xs: number[]) => {
    xs.sort((a, b) => a - b);
    return `median ${xs[Math.floor(xs.length / 2)]!.toFixed(0)} ms, min ${xs[0]!.toFixed(0)}, max ${xs.at(-1)!.toFixed(0)}`;
  };
  console.log(`first paint of the last state (frame mark): ${summary(marks)} (n=20, goal ≤ 100 ms)`);
  console.log(`seen by Playwright's polling (includes its round trips): ${summary(times)}`);
} finally {
  await session.close();
}
