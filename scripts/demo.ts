/**
 * `npm run demo`: Vantage diagnosing the local censor lab — no censor needed, nothing leaves
 * this machine. Builds the extension, starts the lab playing a Kazakhstan-style messenger
 * block (plus every single-site scenario), lets the extension check everything, prints its
 * verdict per site and the connection as a whole, and saves a screenshot of the popup.
 *
 *   npm run demo                       headed when $DISPLAY is set, else headless
 *   npm run demo -- --scenario shutdown   normal | messenger-block | whitelist | shutdown | captive | throttled
 *   npm run demo -- --lang ru             popup language for the screenshot
 *   npm run demo -- --scenario offline    the device without network (context.setOffline)
 *   npm run demo -- --site https://azattyq.lab.test/ --block azattyq.lab.test
 *                                         the popup's "this site" view of a site reset after its
 *                                         ClientHello, with its advice and alternatives
 *   npm run demo -- --expand              open the first advice card in the screenshot
 *   npm run demo -- --height 1000         a screenshot of the top 1000 px instead of the whole page
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { LAB_MIRRORS_PATH, type Scenario } from '../tests/lab';
import { runAndWait, send } from '../tests/e2e/harness/extension-api';
import { acceptLabEndpoints } from '../tests/e2e/harness/lab-endpoints';
import { labPreset, SCENARIO_TARGETS, scenarioSiteTargets } from '../tests/e2e/harness/lab-preset';
import { startLabSession } from '../tests/e2e/harness/session';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 && args[index + 1] ? args[index + 1]! : fallback;
};
const requested = option('scenario', 'messenger-block');
// 'offline' is not a censor's scenario: the lab plays normal and the browser loses its network.
const offline = requested === 'offline';
const scenario = (offline ? 'normal' : requested) as Scenario;
const site = option('site', '');
const block = option('block', '');
const language = option('lang', 'en');
const out = resolve(option('out', '.demo/popup.png'));

if (!args.includes('--no-build')) {
  console.log('building the extension (.output/chrome-mv3) …');
  execFileSync('npx', ['wxt', 'build'], { stdio: 'ignore' });
}

const session = await startLabSession({ headless: !process.env.DISPLAY });
try {
  session.lab.play(scenario);
  if (block) session.lab.setPolicy(block, 'tls-reset');
  const page = await session.browser.openPage('options.html');
  // --connection-only: just the whole-connection sites, so the banner shows the scenario's state
  // undisturbed by the single-site scenarios (which always include some blocked sites).
  const targets = args.includes('--connection-only')
    ? scenarioSiteTargets(session.lab)
    : [...scenarioSiteTargets(session.lab), ...SCENARIO_TARGETS];
  const mirrorsUrl = `https://api.lab.test${LAB_MIRRORS_PATH}`;
  await send(page, 'importSettings', { json: labPreset(targets, { language, advice: { mirrorsUrl } }) });
  await acceptLabEndpoints(page); // "what others see" asks the lab's API, which a preset only suggests
  // The lab's copy of the mirror list knows the lab's news sites (before any block cuts the API).
  await send(page, 'adviceRefreshMirrors', {});
  if (offline) await session.browser.context.setOffline(true);
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

  const popup = await session.browser.openPage(
    site ? `popup.html?site=${encodeURIComponent(site)}` : 'popup.html',
  );
  await popup.setViewportSize({ width: 400, height: 720 });
  // Under offline, captive portal, shutdown or whitelist one line stands for the rows (which sit,
  // closed, behind "Every site, one by one"): wait for whichever the state shows.
  await popup.locator('[data-testid=categories-state], [data-testid=categories]').first().waitFor();
  if (site) {
    await popup.locator('.this-site button').click();
    await popup.getByTestId('tab-verdict').waitFor({ timeout: 30_000 });
    await popup
      .getByTestId('mirror-link')
      .first()
      .waitFor({ timeout: 5_000 })
      .catch(() => undefined);
  }
  if (args.includes('--expand')) {
    await popup
      .locator('[data-testid=advice-card]')
      .first()
      .evaluate((d) => d.setAttribute('open', ''));
  }
  mkdirSync(resolve(out, '..'), { recursive: true });
  const height = Number(option('height', '0'));
  if (height > 0) await popup.setViewportSize({ width: 400, height });
  await popup.screenshot({ path: out, fullPage: height === 0 });
  console.log(`\npopup screenshot: ${out}`);
} finally {
  if (offline) await session.browser.context.setOffline(false).catch(() => undefined);
  await session.close();
}
