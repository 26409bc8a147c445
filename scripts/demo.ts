/**
 * `npm run demo`: Vantage diagnosing the local censor lab — no censor needed, nothing leaves
 * this machine. Builds the extension, starts the lab playing a Kazakhstan-style messenger
 * block (plus every single-site scenario), lets the extension check everything, prints its
 * verdict per site and the connection as a whole, and saves a screenshot of the popup.
 *
 *   npm run demo                       headed when $DISPLAY is set, else headless
 *   npm run demo -- --scenario shutdown   normal | messenger-block | whitelist | shutdown | captive | throttled
 *   npm run demo -- --lang ru             popup language for the screenshot
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Scenario } from '../tests/lab';
import { runAndWait, send } from '../tests/e2e/harness/extension-api';
import { labPreset, SCENARIO_TARGETS, scenarioSiteTargets } from '../tests/e2e/harness/lab-preset';
import { startLabSession } from '../tests/e2e/harness/session';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 && args[index + 1] ? args[index + 1]! : fallback;
};
const scenario = option('scenario', 'messenger-block') as Scenario;
const language = option('lang', 'en');
const out = resolve(option('out', '.demo/popup.png'));

if (!args.includes('--no-build')) {
  console.log('building the extension (.output/chrome-mv3) …');
  execFileSync('npx', ['wxt', 'build'], { stdio: 'ignore' });
}

const session = await startLabSession({ headless: !process.env.DISPLAY });
try {
  session.lab.play(scenario);
  const page = await session.browser.openPage('options.html');
  const targets = [...scenarioSiteTargets(session.lab), ...SCENARIO_TARGETS];
  await send(page, 'importSettings', { json: labPreset(targets, { language }) });
  console.log(`lab playing "${scenario}"; checking ${targets.length} sites …`);
  const started = Date.now();
  const { run, measurements } = await runAndWait(page, 120_000);
  console.log(`\nrun ${run.status} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  for (const m of measurements.sort((a, b) =>
    a.observation.target.url.localeCompare(b.observation.target.url),
  )) {
    const v = m.verdict;
    console.log(
      `${m.observation.target.url.padEnd(42)} ${v.blocking.padEnd(15)} ${v.subKind.padEnd(30)} ${v.confidence}`,
    );
  }
  const connection = run.connection;
  console.log(
    `\nconnection: ${connection?.state}${connection?.blockedCategories.length ? ` (${connection.blockedCategories.join(', ')})` : ''}`,
  );
  for (const e of connection?.evidence ?? []) console.log(`  - ${e.detail}`);

  const popup = await session.browser.openPage('popup.html');
  await popup.setViewportSize({ width: 400, height: 720 });
  await popup.getByTestId('categories').waitFor();
  mkdirSync(resolve(out, '..'), { recursive: true });
  await popup.screenshot({ path: out, fullPage: true });
  console.log(`\npopup screenshot: ${out}`);
} finally {
  await session.close();
}
