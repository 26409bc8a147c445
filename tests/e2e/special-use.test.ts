import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeasurementRecord, RunRecord } from '../../lib/db';
import type { Settings } from '../../lib/settings';
import { closeInstallRun, readStore, send } from './harness/extension-api';
import { labPreset } from './harness/lab-preset';
import { startLabSession, type LabSession } from './harness/session';

// Issue #12: people at risk open .onion sites and their own routers; Vantage must not ask public
// resolvers about those names nor keep them. And a list past 5,000 sites is cut with a message.

const ONION = 'http://duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion/';
const LOCAL = 'http://printer.local/';

let session: LabSession;
let page: Page;

beforeAll(async () => {
  session = await startLabSession();
  page = await session.browser.openPage('options.html');
  await closeInstallRun(page);
  const imported = await send(page, 'importSettings', { json: labPreset([]) });
  expect(imported.ok).toBe(true);
});
afterAll(() => session?.close());

describe('local and onion addresses', () => {
  it('a failed .onion or .local page starts no diagnosis; a failed public one still does', async () => {
    const tab = await session.browser.context.newPage();
    // Every name outside the lab resolves to nothing here (MAP * ~NOTFOUND): both pages fail.
    await tab.goto(ONION).catch(() => undefined);
    await tab.goto(LOCAL).catch(() => undefined);
    // Then one that is diagnosed, as a marker: by the time its run is done, a run for the two
    // above would have been started (each is started as its error arrives, in order).
    await tab.goto('https://sni-blocked.lab.test/').catch(() => undefined);
    // Not awaited: on a loaded machine Chromium has kept a tab on its own error page from closing
    // for minutes, and the tab is not what this test is about.
    void tab.close().catch(() => undefined);
    await expect
      .poll(
        async () =>
          (await readStore<RunRecord>(page, 'runs')).some(
            (r) => r.trigger === 'navigation-error' && r.status === 'done',
          ),
        { timeout: 20_000 },
      )
      .toBe(true);
    const runs = (await readStore<RunRecord>(page, 'runs')).filter((r) => r.trigger === 'navigation-error');
    expect(runs.flatMap((r) => r.targetIds)).toEqual(['https://sni-blocked.lab.test/']);
    const stored = JSON.stringify(await readStore<MeasurementRecord>(page, 'measurements'));
    expect(stored).not.toContain('.onion');
    expect(stored).not.toContain('printer.local');
  });

  it('the popup on such a page says in words that Vantage does not check it, and offers no check', async () => {
    const popup = await session.browser.openPage(`popup.html?site=${encodeURIComponent(ONION)}`);
    await expect
      .poll(() => popup.getByTestId('tab-not-checked').textContent(), { timeout: 10_000 })
      .toMatch(/does not check local, private or \.onion addresses/);
    expect(await popup.getByRole('button', { name: 'Check this site' }).count()).toBe(0);
    await popup.close();
  });

  it('the options page refuses one typed into the list, saying why', async () => {
    await page.reload();
    await page.locator('#add-url').fill('printer.local');
    await page.locator('#add-url').press('Enter');
    await expect
      .poll(() => page.locator('#add-url-error').textContent(), { timeout: 10_000 })
      .toMatch(/local, private or \.onion address/);
    const settings = (await send(page, 'exportSettings', {})).json;
    expect((JSON.parse(settings) as { settings: Settings }).settings.customTargets).toEqual([]);
  });
});

describe('at most 5,000 sites', () => {
  it('imports the first 5,000 sites of a 150,000-row CSV (just under the 5 MB accepted) and says how many lines it did not read', async () => {
    const rows = Array.from({ length: 150_000 }, (_, i) => `https://s${i}.example.org/,NEWS`);
    const buffer = Buffer.from(`url,category_code\n${rows.join('\n')}\n`);
    expect(buffer.length).toBeLessThan(5 * 1024 * 1024);
    await page.reload();
    await page.locator('#csv-file').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer });
    const report = page.getByTestId('csv-report');
    await expect.poll(() => report.textContent(), { timeout: 30_000 }).toMatch(/5,?000.*5,?000/);
    expect(await page.getByTestId('csv-error').first().textContent()).toMatch(
      /Line 5,?002: From this line on, 145,?000 more lines were not read: Vantage checks at most 5,?000 sites/,
    );
    const settings = JSON.parse((await send(page, 'exportSettings', {})).json) as { settings: Settings };
    expect(settings.settings.customTargets).toHaveLength(5_000);
  });
});
