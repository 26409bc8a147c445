import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeasurementRecord } from '../../lib/db';
import type { Settings } from '../../lib/settings';
import { getPack } from '../../lib/targets';
import { closeInstallRun, readStore, runAndWait, send } from './harness/extension-api';
import { acceptLabEndpoints } from './harness/lab-endpoints';
import { labPreset, type PresetTarget } from './harness/lab-preset';
import { startLabSession, type LabSession } from './harness/session';

// Issue #13, items 7 and 8, driven as a user would: a real Citizen Lab list imported with its
// meaning (categories, notes), categories edited, the check's timeout and lanes set with a bad
// then a good value, and the measurements saved from the history page and read back.

const KZ_LIST = 'tests/fixtures/targets/citizenlab/kz.csv'; // Citizen Lab's layout, our own rows (SOURCES.md)
const GLOBAL_LIST = 'tests/fixtures/targets/citizenlab/global.csv';
// echo.lab.test shows the visitor's address, a MAC and a session token in a redirect, the title,
// headers and a cookie, as captive portals do (tests/lab/echo.ts).
const TARGETS: PresetTarget[] = [
  { url: 'https://clean.lab.test/', name: 'clean', category: 'news' },
  { url: 'http://echo.lab.test/', name: 'echo', category: 'news' },
];

let session: LabSession;
let page: Page;

function storedSettings(): Promise<Settings> {
  return page.evaluate(async () => {
    const chrome = (
      globalThis as unknown as {
        chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } };
      }
    ).chrome;
    return (await chrome.storage.local.get('settings')).settings as Settings;
  });
}

/** Polls until `accept` holds (30 s, as a loaded CI machine may need), then hands back the value to assert on. */
async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  let value = await read();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

const target = (url: string) => page.locator(`[data-testid=target][data-url="${url}"]`);
const own = async (url: string) => (await storedSettings()).customTargets.find((t) => t.url === url);

async function commitField(selector: string, text: string) {
  await page.locator(selector).fill(text);
  await page.locator(selector).press('Tab'); // leaving the field commits it, as a user would
}

beforeAll(async () => {
  session = await startLabSession();
  page = await session.browser.openPage('options.html');
  await send(page, 'importSettings', { json: labPreset(TARGETS), targets: 'replace' });
  await acceptLabEndpoints(page);
  await closeInstallRun(page);
  await page.reload();
  await page.locator('#targets').waitFor();
}, 60_000);
afterAll(() => session?.close());

describe('saving measurements from the history page', () => {
  it('saves a dated OONI JSON Lines file of every measurement, with nothing a contribution would not carry', async () => {
    const { measurements } = await runAndWait(page);
    const echo = measurements.find((m) => m.targetId === 'http://echo.lab.test/')!;
    // What the browser stored does carry the portal's secrets: the file must not.
    expect(JSON.stringify(echo)).toContain('echo-session-token');

    const history = await session.browser.openPage('timeline.html');
    const [download] = await Promise.all([
      history.waitForEvent('download'),
      history.getByTestId('export-measurements').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^vantage-measurements-\d{4}-\d{2}-\d{2}\.jsonl$/);
    const text = readFileSync((await download.path())!, 'utf8');
    const all = await readStore<MeasurementRecord>(page, 'measurements');
    const lines = text
      .trimEnd()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { input: string; test_name: string; test_keys: Record<string, unknown> },
      );
    expect(lines).toHaveLength(all.length);
    expect(lines.map((l) => l.input)).toEqual(expect.arrayContaining(TARGETS.map((t) => t.url)));
    for (const line of lines) expect(line).toMatchObject({ test_name: 'browser_web', probe_ip: '127.0.0.1' });
    const clean = lines.find((l) => l.input === 'https://clean.lab.test/')!;
    expect(clean.test_keys).toMatchObject({ blocking: false, accessible: true });
    for (const secret of ['echo-session-token', 'aa:bb:cc:dd:ee:ff', 'Your IP is', 'seen='])
      expect(text, secret).not.toContain(secret);
    await expect
      .poll(() => history.getByTestId('export-result').textContent())
      .toBe(`Saved ${all.length} measurements.`);
    await history.close();
  });
});

describe('check settings on the options page', () => {
  it('refuses a bad request timeout and concurrency with the reason beside the field, then saves good ones', async () => {
    await commitField('#request-timeout', '500');
    await expect
      .poll(() => page.locator('#request-timeout-error').textContent())
      .toBe('Enter a number from 1000 to 120000.');
    await commitField('#concurrency', '2.5');
    await expect
      .poll(() => page.locator('#concurrency-error').textContent())
      .toBe('Enter a whole number, digits only.');
    await commitField('#concurrency', '65');
    await expect
      .poll(() => page.locator('#concurrency-error').textContent())
      .toBe('Enter a number from 1 to 64.');
    // Nothing typed is lost, nothing refused is saved.
    expect(await page.locator('#request-timeout').inputValue()).toBe('500');
    expect(await storedSettings()).toMatchObject({ requestTimeoutMs: 4_000, concurrency: 16 });

    await commitField('#request-timeout', '30000');
    await commitField('#concurrency', '8');
    const saved = await eventually(
      storedSettings,
      (s) => s.requestTimeoutMs === 30_000 && s.concurrency === 8,
    );
    expect(saved).toMatchObject({ requestTimeoutMs: 30_000, concurrency: 8 });
    expect(await page.locator('#request-timeout-error').count()).toBe(0);
    expect(await page.locator('#concurrency-error').count()).toBe(0);
  });

  it('keeps both of two fields committed in the same moment, and an import saved meanwhile', async () => {
    // Each save reads the settings and writes them back; overlapping saves once lost one change.
    // Here they overlap for certain: both fields commit in one task while the background saves
    // a setting of its own.
    await page.evaluate(() => {
      const fields: [string, string][] = [
        ['#request-timeout', '20000'],
        ['#concurrency', '6'],
      ];
      for (const [selector, text] of fields) {
        const input = document.querySelector<HTMLInputElement>(selector)!;
        input.value = text;
        input.dispatchEvent(new Event('change', { bubbles: true }));
      }
    });
    await send(page, 'importSettings', {
      json: JSON.stringify({ format: 'vantage-settings', version: 1, settings: { retentionDays: 9 } }),
      targets: 'merge',
    });
    const saved = await eventually(
      storedSettings,
      (s) => s.requestTimeoutMs === 20_000 && s.concurrency === 6 && s.retentionDays === 9,
    );
    expect(saved).toMatchObject({ requestTimeoutMs: 20_000, concurrency: 6, retentionDays: 9 });
  });

  it('keeps what is typed in a field when a setting saved elsewhere redraws the page before it is committed', async () => {
    // Typed, not yet committed (the user is still in the field) …
    await page.locator('#concurrency').fill('12');
    // … when another save lands (here an import the background handles; as well the field the user
    // just left, saved a moment late on a busy machine): the whole page is drawn again.
    await send(page, 'importSettings', {
      json: JSON.stringify({ format: 'vantage-settings', version: 1, settings: { retentionDays: 11 } }),
      targets: 'merge',
    });
    await eventually(storedSettings, (s) => s.retentionDays === 11);
    await expect.poll(() => page.locator('#retention-days').inputValue()).toBe('11');
    expect(await page.locator('#concurrency').inputValue()).toBe('12');
    await page.locator('#concurrency').press('Tab');
    const saved = await eventually(storedSettings, (s) => s.concurrency === 12);
    expect(saved).toMatchObject({ concurrency: 12, retentionDays: 11 });
  });
});

describe('a Citizen Lab list keeps its meaning', () => {
  it('imports Kazakhstan’s list: the government, bank and portal sites under .kz are domestic controls, notes shown', async () => {
    await page.locator('#pack').selectOption('kz');
    await eventually(storedSettings, (s) => s.packId === 'kz');
    await page.locator('#csv-file').setInputFiles(KZ_LIST);
    await expect
      .poll(() => page.getByTestId('csv-country').textContent())
      .toMatch(/^Read as the list for KZ: 4 sites/);
    const settings = await eventually(storedSettings, (s) => s.customTargets.length === 2 + 17);
    const category = Object.fromEntries(settings.customTargets.map((t) => [t.url, t.category]));
    expect(category).toMatchObject({
      'http://astana.gov.kz/': 'control-domestic',
      'https://halykbank.kz/': 'control-domestic',
      'https://yandex.kz/': 'control-domestic',
      'https://zero.kz/': 'control-domestic',
      'https://www.cars.com/': 'control-global',
      'https://www.bis.doc.gov/': 'other',
      'https://a-sert.kz/': 'other',
      'https://www.minber.kz/': 'news',
    });

    await page.getByTestId('group-control-domestic').locator('summary').click();
    await expect
      .poll(() => target('https://yandex.kz/').getByTestId('target-notes').textContent())
      .toBe('The list’s note: search portal; mail and news too');
    expect(await target('https://halykbank.kz/').getByTestId('target-notes').count()).toBe(0);
  });

  it('imports the global list: COMT sites are messengers by their domain or their notes', async () => {
    await page.locator('#csv-file').setInputFiles(GLOBAL_LIST);
    await expect
      .poll(() => page.getByTestId('csv-report').textContent())
      .toMatch(/Read 9 sites from the file/);
    // global.csv is no country's list.
    expect(await page.getByTestId('csv-country').count()).toBe(0);
    const simplex = await eventually(
      () => own('https://simplex.chat/'),
      (t) => t !== undefined,
    );
    expect(simplex).toMatchObject({ category: 'messengers', categoryCode: 'COMT' });
    expect(await own('https://support.delta.chat/')).toMatchObject({ category: 'messengers' });
    expect(await own('https://mail.google.com/')).toMatchObject({ category: 'other', categoryCode: 'COMT' });
    await page.getByTestId('group-messengers').locator('summary').click();
    await expect
      .poll(() => target('https://simplex.chat/').getByTestId('target-notes').textContent())
      .toMatch(/messenger without user IDs/);
  });

  it('edits an own site’s category in place', async () => {
    await page.getByTestId('group-other').locator('summary').click();
    const { name } = (await own('https://www.bis.doc.gov/'))!;
    await target('https://www.bis.doc.gov/')
      .getByRole('combobox', { name: `Category of ${name}` })
      .selectOption('news');
    const edited = await eventually(
      () => own('https://www.bis.doc.gov/'),
      (t) => t?.category === 'news',
    );
    expect(edited).toMatchObject({ category: 'news', categoryCode: 'GOVT', source: 'import' });
    expect((await storedSettings()).categoryOverrides).toEqual({});
  });

  it('gives a pack entry another category as a remembered override, and restores the pack’s', async () => {
    const entry = getPack('kz')!.targets.find((t) => t.category === 'news')!;
    await page.getByTestId('group-news').locator('summary').click();
    await target(entry.url).getByTestId('target-category').selectOption('control-domestic');
    let settings = await eventually(storedSettings, (s) => Object.keys(s.categoryOverrides).length === 1);
    expect(settings.categoryOverrides).toEqual({ [entry.id]: 'control-domestic' });
    await page
      .getByTestId('group-control-domestic')
      .locator('summary')
      .evaluate((s) => {
        (s.parentElement as HTMLDetailsElement).open = true;
      });
    await expect
      .poll(() => target(entry.url).getByTestId('category-changed').textContent())
      .toMatch(/category changed \(in the list: News\)/);

    await target(entry.url).getByTestId('category-restore').click();
    settings = await eventually(storedSettings, (s) => Object.keys(s.categoryOverrides).length === 0);
    expect(settings.categoryOverrides).toEqual({});
    await expect.poll(() => target(entry.url).getByTestId('target-category').inputValue()).toBe('news');
    expect(await target(entry.url).getByTestId('category-restore').count()).toBe(0);
  });
});
