import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeasurementRecord, RunRecord } from '../../lib/db';
import { hostByName } from '../lab';
import { readStore, runAndWait, send } from './harness/extension-api';
import { acceptLabEndpoints } from './harness/lab-endpoints';
import { labPreset } from './harness/lab-preset';
import { startLabSession, type LabSession } from './harness/session';

// Issue #14, items 1 and 2: the popup opens on the open tab's own answer — the diagnosis the
// background already made for a page that failed, "checking…" then a verdict for a page that
// never answers — and the toolbar button says each tab's state, or nothing when discreet.
// The harness answers the first-run page with the failed-page diagnosis switched on.

let session: LabSession;
let options: Page;
const BLOCKED = 'https://sni-blocked.lab.test/';
const CLEAN = 'https://clean.lab.test/';
const SILENT = 'http://blackhole.lab.test/';

/** The toolbar button as the browser shows it for the tab on `url` (read from an extension page). */
async function toolbar(url: string): Promise<{ text: string; title: string } | undefined> {
  return options.evaluate(async (prefix) => {
    type Tab = { id: number; url?: string; pendingUrl?: string };
    const api = (
      globalThis as unknown as {
        chrome: {
          tabs: { query(q: object): Promise<Tab[]> };
          action: {
            getBadgeText(d: { tabId: number }): Promise<string>;
            getTitle(d: { tabId: number }): Promise<string>;
          };
        };
      }
    ).chrome;
    const tab = (await api.tabs.query({})).find((t) => (t.pendingUrl || t.url || '').startsWith(prefix));
    if (!tab) return undefined;
    return {
      text: await api.action.getBadgeText({ tabId: tab.id }),
      title: await api.action.getTitle({ tabId: tab.id }),
    };
  }, url);
}

const runsOf = async (trigger: RunRecord['trigger']) =>
  (await readStore<RunRecord>(options, 'runs')).filter((r) => r.trigger === trigger);

beforeAll(async () => {
  session = await startLabSession();
  options = await session.browser.openPage('options.html');
  // Only the clean site is a target: the two others are the user's own tabs, measured as the
  // background diagnoses them. A short request timeout, so a silent site's verdict comes soon.
  const imported = await send(options, 'importSettings', {
    json: labPreset([{ url: CLEAN, name: 'clean', category: 'news' }], {
      requestTimeoutMs: 2_000,
      language: 'en',
    }),
  });
  expect(imported.ok).toBe(true);
  await acceptLabEndpoints(options);
  const { measurements } = await runAndWait(options);
  expect(measurements.map((m) => m.verdict.blocking)).toEqual(['accessible']);
});
afterAll(() => session?.close());

describe('the open tab first (Chromium)', () => {
  it('shows the diagnosis of a page that failed, with its time, without measuring again', async () => {
    const tab = await session.browser.context.newPage();
    await tab.goto(BLOCKED).catch(() => undefined); // reset after the ClientHello: the page fails
    const diagnosis = await expect
      .poll(async () => (await runsOf('navigation-error')).find((r) => r.status === 'done'), {
        timeout: 20_000,
      })
      .toBeDefined()
      .then(async () => (await runsOf('navigation-error')).find((r) => r.status === 'done')!);
    const ip = hostByName(session.lab.hosts, 'sni-blocked.lab.test').ip;
    const connectionsBefore = session.lab.connections.filter((c) => c.address === ip).length;
    const runsBefore = (await readStore<RunRecord>(options, 'runs')).length;

    const popup = await session.browser.openPage(`popup.html?site=${encodeURIComponent(BLOCKED)}`);
    const verdict = popup.getByTestId('tab-verdict');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-run')).toBe(diagnosis.id);
    expect(await verdict.locator('[data-blocking]').getAttribute('data-blocking')).toBe('tls');
    expect(await popup.getByTestId('tab-measured').textContent()).toMatch(
      /checked .*Checked when the page did not open/,
    );
    // The tab's answer comes before the connection's.
    const order = await popup.evaluate(() => {
      const site = document.querySelector('.this-site')!;
      const banner = document.querySelector('[data-testid=connection-banner]')!;
      return site.compareDocumentPosition(banner) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    expect(order).toBeTruthy();
    // Nothing was measured again: no new run, no new connection to the site.
    await popup.getByTestId('connection-banner').waitFor();
    expect((await readStore<RunRecord>(options, 'runs')).length).toBe(runsBefore);
    expect(session.lab.connections.filter((c) => c.address === ip).length).toBe(connectionsBefore);
    await popup.close();

    // The toolbar says it for that tab, in words.
    await expect.poll(() => toolbar(BLOCKED), { timeout: 10_000 }).toMatchObject({ text: '!' });
    expect((await toolbar(BLOCKED))!.title).toMatch(
      /^Vantage: this site — Blocked.*\((likely|confirmed|possible)\)$/,
    );
  });

  it('diagnoses a page that never answers while it loads, saying "checking…" in the popup and on the toolbar', async () => {
    const tab = await session.browser.context.newPage();
    let settled = false;
    // The lab's blackhole host accepts the connection and never answers (tests/lab/index.ts hold).
    void tab.goto(SILENT, { timeout: 120_000 }).then(
      () => (settled = true),
      () => (settled = true),
    );
    const popup = await session.browser.openPage(`popup.html?site=${encodeURIComponent(SILENT)}`);
    await popup.getByTestId('tab-checking').waitFor({ timeout: 20_000 });
    expect(await popup.getByTestId('tab-checking').textContent()).toContain('Checking this site…');
    await expect.poll(() => toolbar(SILENT), { timeout: 10_000 }).toMatchObject({ text: '…' });
    expect((await toolbar(SILENT))!.title).toBe('Vantage: checking this site…');

    // The verdict arrives while the browser is still waiting for the page.
    const verdict = popup.getByTestId('tab-verdict');
    await verdict.waitFor({ timeout: 20_000 });
    expect(settled).toBe(false);
    const runId = await verdict.getAttribute('data-run');
    const [measurement] = (await readStore<MeasurementRecord>(options, 'measurements')).filter(
      (m) => m.runId === runId,
    );
    expect(measurement?.observation.target.url).toBe(SILENT);
    expect(await verdict.locator('[data-blocking]').getAttribute('data-blocking')).not.toBe('accessible');
    await expect.poll(async () => (await toolbar(SILENT))?.text, { timeout: 10_000 }).not.toBe('…');
    await popup.close();
    await tab.close();
  });

  it('reads the settings from storage once as it opens, for every part that needs them', async () => {
    // Counted in the page itself: every storage.local read of the settings, from the first script on.
    const popup = await session.browser.context.newPage();
    await popup.addInitScript(() => {
      type Get = (keys?: unknown) => Promise<Record<string, unknown>>;
      const page = globalThis as unknown as {
        chrome: { storage: { local: { get: Get } } };
        settingsReads: number;
      };
      const area = page.chrome.storage.local;
      const get = area.get.bind(area);
      page.settingsReads = 0;
      area.get = (keys) => {
        if (keys == null || keys === 'settings' || (Array.isArray(keys) && keys.includes('settings')))
          page.settingsReads++;
        return get(keys);
      };
    });
    await popup.goto(
      `chrome-extension://${session.browser.extensionId}/popup.html?site=${encodeURIComponent(CLEAN)}`,
    );
    // Everything the popup shows from the settings: its language, the tab's answer, the categories.
    await popup.getByTestId('tab-verdict').waitFor();
    await popup.getByTestId('categories').waitFor();
    expect(await popup.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(
      await popup.evaluate(() => (globalThis as unknown as { settingsReads: number }).settingsReads),
    ).toBe(1);
    await popup.close();
  });

  it('marks a reachable tab and says nothing about a local page', async () => {
    const clean = await session.browser.context.newPage();
    await clean.goto(CLEAN);
    await expect
      .poll(() => toolbar(CLEAN), { timeout: 10_000 })
      .toEqual({
        text: '✓',
        title: 'Vantage: this site — Reachable',
      });
    const local = await session.browser.context.newPage();
    await local.goto('http://router.lan/').catch(() => undefined); // never resolved: MAP * ~NOTFOUND
    await expect
      .poll(() => toolbar('http://router.lan/'), { timeout: 10_000 })
      .toEqual({
        text: '',
        title: 'Vantage: local, private and .onion pages are not checked',
      });
    expect((await runsOf('navigation-error')).length).toBe(2); // the failed and the silent page only
  });

  it('keeps the toolbar neutral when discreet is switched on in the options', async () => {
    await options.reload();
    await options.getByTestId('discreet-toolbar').check();
    for (const url of [BLOCKED, CLEAN, 'http://router.lan/'])
      await expect.poll(() => toolbar(url), { timeout: 10_000 }).toEqual({ text: '', title: 'Vantage' });
    await options.getByTestId('discreet-toolbar').uncheck();
    await expect.poll(async () => (await toolbar(BLOCKED))?.text, { timeout: 10_000 }).toBe('!');
  });
});
