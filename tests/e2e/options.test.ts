import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeasurementRecord } from '../../lib/db';
import type { Settings } from '../../lib/settings';
import { getPack } from '../../lib/targets';
import { axeViolations } from './harness/axe';
import { answerFirstRun } from './harness/chromium';
import { runAndWait, send } from './harness/extension-api';
import { acceptLabEndpoints } from './harness/lab-endpoints';
import { labPreset } from './harness/lab-preset';
import { startLabSession, type LabSession } from './harness/session';

// The options page driven as a user would: select, type, click, choose files. Assertions read
// what the extension really stored (storage.local, alarms, IndexedDB), not only what it shows.

const ALARM = 'vantage-scheduled-check';
const CSV_FIXTURE = 'tests/fixtures/targets/malformed.csv';
const DOH1 = 'https://doh1.lab.test/dns-query';
const DOH2 = 'https://doh2.lab.test/dns-query';
const KAZAKH_TITLE = (
  JSON.parse(readFileSync('public/_locales/kk/messages.json', 'utf8')) as Record<string, { message: string }>
).optionsTitle!.message;

let session: LabSession;
let page: Page;

function storedSettings(p: Page = page): Promise<Settings> {
  return p.evaluate(async () => {
    const chrome = (
      globalThis as unknown as {
        chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } };
      }
    ).chrome;
    return (await chrome.storage.local.get('settings')).settings as Settings;
  });
}

async function alarmPeriod(): Promise<number | undefined> {
  const worker = await session.browser.currentWorker();
  return worker.evaluate(
    async (name) =>
      (
        await (
          globalThis as unknown as {
            chrome: { alarms: { get(n: string): Promise<{ periodInMinutes?: number } | undefined> } };
          }
        ).chrome.alarms.get(name)
      )?.periodInMinutes,
    ALARM,
  );
}

/** Wait until `read` gives a value `accept` likes; the page saves asynchronously. */
async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

async function commitField(selector: string, text: string) {
  await page.locator(selector).fill(text);
  await page.locator(selector).press('Tab'); // leaving the field commits it, as a user would
}

/** Rows in every IndexedDB database of the extension, and everything in storage.local, seen from `p`. */
function whatRemains(p: Page) {
  return p.evaluate(async () => {
    const chrome = (
      globalThis as unknown as {
        chrome: { storage: { local: { get(k: null): Promise<Record<string, unknown>> } } };
      }
    ).chrome;
    const rows: Record<string, number> = {};
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name!);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const count = await new Promise<number>((resolve) => {
          const request = db.transaction(store).objectStore(store).count();
          request.onsuccess = () => resolve(request.result);
        });
        if (count > 0) rows[`${info.name}.${store}`] = count;
      }
      db.close();
    }
    return { rows, storage: await chrome.storage.local.get(null) };
  });
}

async function allAlarms(): Promise<unknown[]> {
  const worker = await session.browser.currentWorker();
  return worker.evaluate(() =>
    (
      globalThis as unknown as { chrome: { alarms: { getAll(): Promise<unknown[]> } } }
    ).chrome.alarms.getAll(),
  );
}

beforeAll(async () => {
  session = await startLabSession();
  page = await session.browser.openPage('options.html');
  // Endpoints at the lab, the Kazakhstan pack, no schedule yet.
  await send(page, 'importSettings', { json: labPreset([], { packId: 'kz', scheduleMinutes: 0 }) });
  await acceptLabEndpoints(page);
  await page.reload();
  await page.locator('#targets').waitFor();
});
afterAll(() => session?.close());

describe('options page: sites to check', () => {
  it('switches the built-in pack and lists the new pack by category', async () => {
    await page.locator('#pack').selectOption('ru');
    expect((await eventually(storedSettings, (s) => s.packId === 'ru')).packId).toBe('ru');
    const ru = getPack('ru')!;
    const first = ru.targets[0]!;
    await page.getByTestId(`group-${first.category}`).locator('summary').click();
    await expect.poll(() => page.locator(`[data-testid=target][data-url="${first.url}"]`).count()).toBe(1);
    await expect.poll(() => page.getByTestId('save-status').textContent()).toMatch(/Saved/);
  });

  it('refuses a bad address with a reason next to the field, then adds and removes a site', async () => {
    await page.locator('#add-url').fill('ftp://files.example.org/');
    await page.getByRole('button', { name: 'Add', exact: true }).first().click();
    await expect.poll(() => page.locator('#add-url-error').textContent()).toMatch(/Only http/);
    expect(await page.locator('#add-url').inputValue()).toBe('ftp://files.example.org/');

    await page.locator('#add-url').fill('clean.lab.test');
    await page.locator('#add-category').selectOption('news');
    await page.getByRole('button', { name: 'Add', exact: true }).first().click();
    const added = await eventually(storedSettings, (s) => s.customTargets.length === 1);
    expect(added.customTargets).toEqual([
      expect.objectContaining({ url: 'https://clean.lab.test/', category: 'news', source: 'user' }),
    ]);
    await page.getByTestId('group-news').locator('summary').click();
    const row = page.locator('[data-testid=target][data-url="https://clean.lab.test/"]');
    await row.getByRole('button', { name: /Remove/ }).click();
    expect((await eventually(storedSettings, (s) => s.customTargets.length === 0)).customTargets).toEqual([]);
  });

  it('removes a pack entry and restores it', async () => {
    const target = getPack('ru')!.targets[0]!;
    const row = page.locator(`[data-testid=target][data-url="${target.url}"]`);
    await row.getByRole('button', { name: `Remove ${target.name}` }).click();
    let settings = await eventually(storedSettings, (s) => s.removedTargetIds.includes(target.id));
    expect(settings.removedTargetIds).toEqual([target.id]);
    await row.getByRole('button', { name: `Restore ${target.name}` }).click();
    settings = await eventually(storedSettings, (s) => s.removedTargetIds.length === 0);
    expect(settings.removedTargetIds).toEqual([]);
  });

  it('imports a Citizen Lab CSV with bad rows: each bad line explained, every good row kept', async () => {
    await page.locator('#csv-file').setInputFiles(CSV_FIXTURE);
    const errors = page.getByTestId('csv-error');
    const lines = () =>
      errors.evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-line'))));
    await expect.poll(lines).toEqual([3, 4, 8, 9, 10, 14, 16]);
    expect(await errors.first().textContent()).toMatch(
      /^Line 3: Only http.*ftp:\/\/files\.example\.org\/pub\//,
    );
    expect(await page.getByTestId('csv-report').textContent()).toMatch(
      /Read 6 sites from the file, 6 of them new/,
    );
    const settings = await eventually(storedSettings, (s) => s.customTargets.length === 6);
    expect(settings.customTargets.map((t) => t.url)).toEqual([
      'https://orda.kz/',
      'https://kloop.kg/',
      'https://signal.org/',
      'https://psiphon.ca/',
      'https://meduza.io/',
      'https://www.bbc.com/russian',
    ]);
    expect(settings.customTargets.every((t) => t.source === 'import')).toBe(true);
  });

  it('fetches the country list from the (lab) OONI API and merges it', async () => {
    const before = (await storedSettings()).customTargets.length;
    session.lab.requests.length = 0;
    await page.locator('#ooni-country').fill('KZ');
    await page.getByRole('button', { name: /Fetch the country/ }).click();
    await expect
      .poll(() => page.getByTestId('ooni-report').textContent())
      .toMatch(/OONI’s list has \d+ sites/);
    const listRequest = session.lab.requests.find((r) => r.path.startsWith('/api/v1/test-list/urls'));
    expect(listRequest?.path).toMatch(/probe_cc=KZ/);
    const expected = session.lab.hosts.filter((h) => h.group).length;
    const settings = await eventually(storedSettings, (s) => s.customTargets.length === before + expected);
    expect(settings.customTargets.filter((t) => t.source === 'ooni')).toHaveLength(expected);
    expect(settings.customTargets).toContainEqual(
      expect.objectContaining({ url: 'https://telegram.lab.test/', categoryCode: 'COMT', source: 'ooni' }),
    );
  });

  it('says clearly when the OONI API cannot be reached, and changes nothing', async () => {
    await commitField('#ooni-api', 'https://refused.lab.test');
    await eventually(storedSettings, (s) => s.ooniApiBase === 'https://refused.lab.test/');
    const before = (await storedSettings()).customTargets;
    await page.getByRole('button', { name: /Fetch the country/ }).click();
    await expect
      .poll(() => page.getByTestId('ooni-report').textContent())
      .toMatch(/Could not reach the OONI API at https:\/\/refused\.lab\.test\/.*not changed/);
    expect((await storedSettings()).customTargets).toEqual(before);
    // A plain-http API is refused at the field: what is sent could be read on the way.
    await commitField('#ooni-api', 'http://blackhole.lab.test');
    await expect.poll(() => page.locator('#ooni-api-error').textContent()).toMatch(/Only an https address/);
    expect((await storedSettings()).ooniApiBase).toBe('https://refused.lab.test/');
    // A blackholed API (accepts, never answers) ends in the same message after the request timeout.
    await commitField('#ooni-api', 'https://blackhole.lab.test');
    await eventually(storedSettings, (s) => s.ooniApiBase === 'https://blackhole.lab.test/');
    await page.getByRole('button', { name: /Fetch the country/ }).click();
    await expect
      .poll(() => page.getByTestId('ooni-report').textContent(), { timeout: 10_000 })
      .toMatch(/Could not reach the OONI API at https:\/\/blackhole\.lab\.test\//);
    expect((await storedSettings()).customTargets).toEqual(before);
    await commitField('#ooni-api', 'not an address');
    await expect.poll(() => page.locator('#ooni-api-error').textContent()).toMatch(/not a full address/);
    expect((await storedSettings()).ooniApiBase).toBe('https://blackhole.lab.test/');
    await commitField('#ooni-api', 'https://api.lab.test');
    await eventually(storedSettings, (s) => s.ooniApiBase === 'https://api.lab.test/');
  });
});

describe('options page: schedule, resolvers, settings file', () => {
  it('turns the schedule on, changes it and off again: the alarm follows', async () => {
    expect(await alarmPeriod()).toBeUndefined();
    await commitField('#schedule-minutes', '45');
    expect(await eventually(alarmPeriod, (p) => p === 45)).toBe(45);
    expect((await storedSettings()).scheduleMinutes).toBe(45);

    await commitField('#schedule-minutes', '1.5');
    await expect.poll(() => page.locator('#schedule-minutes-error').textContent()).toMatch(/whole number/);
    await commitField('#schedule-minutes', '2000');
    await expect.poll(() => page.locator('#schedule-minutes-error').textContent()).toMatch(/from 0 to 1440/);
    expect((await storedSettings()).scheduleMinutes).toBe(45);
    expect(await alarmPeriod()).toBe(45);

    await commitField('#schedule-minutes', '0');
    expect(await eventually(alarmPeriod, (p) => p === undefined)).toBeUndefined();
    await commitField('#retention-days', '30');
    expect((await eventually(storedSettings, (s) => s.retentionDays === 30)).retentionDays).toBe(30);
  });

  it('edits the resolver list, and the next check asks only the resolvers listed', async () => {
    await page.locator('#resolver-url').fill('dns.example/dns-query');
    await page.locator('#resolver-url').press('Enter');
    await expect.poll(() => page.locator('#resolver-error').textContent()).toMatch(/not a full address/);
    await page.getByRole('button', { name: `Remove resolver ${DOH2}` }).click();
    expect((await eventually(storedSettings, (s) => s.dohResolvers.length === 1)).dohResolvers).toEqual([
      DOH1,
    ]);
    await page.getByRole('button', { name: `Remove resolver ${DOH1}` }).click();
    await expect.poll(() => page.locator('#resolver-error').textContent()).toMatch(/at least one resolver/);

    // A check now: only doh1 is asked. The user chose to replace the site list with the file's.
    await send(page, 'importSettings', {
      targets: 'replace',
      json: JSON.stringify({
        format: 'vantage-settings',
        version: 1,
        settings: {
          packId: 'none',
          customTargets: [{ url: 'https://clean.lab.test/', name: 'clean', category: 'news' }],
        },
      }),
    });
    const { measurements } = await runAndWait(page);
    const resolvers = new Set(
      measurements.flatMap((m: MeasurementRecord) =>
        ((m.observation as unknown as { dns?: { resolver: string }[] }).dns ?? []).map((d) => d.resolver),
      ),
    );
    expect([...resolvers]).toEqual([DOH1]);

    await page.locator('#resolver-url').fill(DOH2);
    await page.locator('#resolver-url').press('Enter');
    expect((await eventually(storedSettings, (s) => s.dohResolvers.length === 2)).dohResolvers).toEqual([
      DOH1,
      DOH2,
    ]);
  });

  it('exports a settings file, then imports it back after a change', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-settings').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^vantage-settings-\d{4}-\d{2}-\d{2}\.json$/);
    const file = join(tmpdir(), `vantage-options-export-${process.pid}.json`);
    await download.saveAs(file);
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { format: string; settings: Settings };
    expect(exported.format).toBe('vantage-settings');
    expect(exported.settings.retentionDays).toBe(30);
    expect(exported.settings.dohResolvers).toEqual([DOH1, DOH2]);

    await commitField('#retention-days', '400');
    await eventually(storedSettings, (s) => s.retentionDays === 400);
    await page.locator('#settings-file-input').setInputFiles(file);
    await expect
      .poll(() => page.getByTestId('import-lines').textContent())
      .toContain('Days to keep history: 400 → 30');
    expect((await eventually(storedSettings, (s) => s.retentionDays === 30)).retentionDays).toBe(30);
    // The field on the page follows the import.
    await expect.poll(() => page.locator('#retention-days').inputValue()).toBe('30');
  });

  it('reports what an imported file had that was not taken, and refuses a file that is not settings', async () => {
    const odd = join(tmpdir(), `vantage-options-odd-${process.pid}.json`);
    writeFileSync(
      odd,
      JSON.stringify({
        format: 'vantage-settings',
        version: 1,
        settings: { scheduleMinutes: 90, language: 'de', sneaky: 1 },
      }),
    );
    await page.locator('#settings-file-input').setInputFiles(odd);
    await expect
      .poll(() => page.getByTestId('import-lines').locator('li').allTextContents())
      .toEqual([
        'Minutes between checks: 0 → 90',
        'Ignored: Language — the file’s value is not valid; yours is kept.',
        'Ignored: entries this version of Vantage does not know: 1.',
      ]);
    expect(await eventually(alarmPeriod, (p) => p === 90)).toBe(90);

    // A file that changes the language: the page says so and reloads in it when asked.
    const kazakh = join(tmpdir(), `vantage-options-kk-${process.pid}.json`);
    writeFileSync(
      kazakh,
      JSON.stringify({ format: 'vantage-settings', version: 1, settings: { language: 'kk' } }),
    );
    await page.locator('#settings-file-input').setInputFiles(kazakh);
    await page.getByTestId('language-changed').getByRole('button').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(KAZAKH_TITLE);
    await page.locator('#language-select').selectOption('en');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Vantage settings');
    await page.locator('#settings-file-input').waitFor();

    const notJson = join(tmpdir(), `vantage-options-bad-${process.pid}.json`);
    writeFileSync(notJson, 'this is not json');
    const before = await storedSettings();
    await page.locator('#settings-file-input').setInputFiles(notJson);
    await expect.poll(() => page.getByTestId('import-report').textContent()).toMatch(/not a settings file/);
    expect(await storedSettings()).toEqual(before);
  });
  it('imports a hostile preset: nothing widened, moved or lost, and the report is words', async () => {
    // The user has consented (to the lab collector) and has their own sites.
    await page.evaluate(async () => {
      const local = (
        globalThis as unknown as {
          chrome: {
            storage: {
              local: {
                get(k: string): Promise<Record<string, object>>;
                set(v: Record<string, unknown>): Promise<void>;
              };
            };
          };
        }
      ).chrome.storage.local;
      const { settings } = await local.get('settings');
      await local.set({
        settings: { ...settings, contribute: { enabled: true, includeUserTargets: false } },
      });
    });
    const before = await eventually(storedSettings, (s) => s.contribute.enabled);
    expect(before.customTargets.length).toBeGreaterThan(0);
    const hostile = join(tmpdir(), `vantage-options-hostile-${process.pid}.json`);
    writeFileSync(
      hostile,
      JSON.stringify({
        format: 'vantage-settings',
        version: 1,
        settings: {
          collectorBase: 'http://collector.evil.lab.test/',
          ooniApiBase: 'https://clean.lab.test/',
          dohResolvers: ['http://doh1.lab.test/dns-query'],
          contribute: { enabled: true, includeUserTargets: true },
          customTargets: [],
          retentionDays: 7,
        },
      }),
    );
    await page.locator('#settings-file-input').setInputFiles(hostile);
    const lines = page.getByTestId('import-lines').locator('li');
    await expect
      .poll(() => lines.allTextContents())
      .toEqual([
        'Days to keep history: 30 → 7',
        'Ignored: the file asked to change where contributions are sent, but not to a valid https address.',
        'Ignored: Secure DNS resolvers — the file gave an address without https; Vantage sends nothing over plain http.',
        'Ignored: the file asked to change your contribution choices. Only you can change them, on this page.',
        `Ignored: the file’s list of sites is empty or not valid. Your sites are kept (${before.customTargets.length}).`,
      ]);
    expect(await page.getByTestId('import-report').textContent()).not.toMatch(
      /collectorBase|ooniApiBase|dohResolvers|contribute\b|includeUserTargets|customTargets|retentionDays/,
    );
    const after = await eventually(storedSettings, (s) => s.retentionDays === 7);
    expect(after.contribute).toEqual({ enabled: true, includeUserTargets: false });
    expect(after.collectorBase).toBe(before.collectorBase);
    expect(after.ooniApiBase).toBe(before.ooniApiBase);
    expect(after.dohResolvers).toEqual(before.dohResolvers);
    expect(after.customTargets).toEqual(before.customTargets);

    // The https API address is only a suggestion until the user accepts it; accepting turns
    // contribution off until the user consents again for the new host.
    const suggestion = page.getByTestId('import-suggestions');
    expect(await suggestion.textContent()).toContain(
      'This file suggests using clean.lab.test as the OONI API',
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.getByTestId('accept-ooniApiBase').click();
    const accepted = await eventually(storedSettings, (s) => s.ooniApiBase === 'https://clean.lab.test/');
    expect(accepted.contribute).toEqual({ enabled: false, includeUserTargets: false });
    expect(accepted.collectorBase).toBe(before.collectorBase);
    await expect
      .poll(() => page.getByTestId('import-accepted').allTextContents())
      .toEqual([
        'Now using https://clean.lab.test/.',
        'Contribution is now off. Turn it on again in the contribution section if you agree to send to clean.lab.test.',
      ]);
    await commitField('#ooni-api', 'https://api.lab.test');
    await eventually(storedSettings, (s) => s.ooniApiBase === 'https://api.lab.test/');
  });
});

describe('options page: accessibility', () => {
  it('has no axe violations with every section and every list open', async () => {
    await page.reload();
    await page.locator('#wipe').waitFor();
    await page.locator('#storage [data-testid=storage-counts]').waitFor();
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    // Errors shown too: they must be announced and contrast-safe.
    await commitField('#schedule-minutes', 'soon');
    await page.locator('#schedule-minutes-error').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await commitField('#schedule-minutes', '90');
    await page.getByTestId('wipe').click();
    await page.locator('dialog[open]').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('dialog').getByRole('button', { name: 'Cancel' }).click();
  });

  it('is usable from the keyboard alone: Tab reaches every section, the wipe dialog starts on Cancel', async () => {
    await page.reload();
    await page.locator('#wipe').waitFor();
    const reached: string[] = [];
    for (let i = 0; i < 120 && !reached.includes('wipe'); i++) {
      await page.keyboard.press('Tab');
      reached.push(
        await page.evaluate(
          () => document.activeElement?.id || document.activeElement?.getAttribute('data-testid') || '',
        ),
      );
    }
    for (const id of [
      'pack',
      'add-url',
      'csv-file',
      'schedule-minutes',
      'language-select',
      'resolver-url',
      'ooni-api',
      'settings-file-input',
      'wipe',
    ])
      expect(reached, id).toContain(id);
    await page.keyboard.press('Enter');
    await page.locator('dialog[open]').waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);
    expect((await storedSettings()).dohResolvers).toEqual([DOH1, DOH2]);
  });

  it('every section is reachable by heading and has a labelled control', async () => {
    const headings = await page.locator('main > section > h2, #contribution > div > h2').allTextContents();
    expect(headings).toEqual([
      'Sites to check',
      'Schedule and history',
      'Language',
      'Secure DNS resolvers (DoH)',
      'Servers',
      'Data updates',
      'Contribute measurements anonymously',
      'Stored on this device',
      'Settings file',
      'Wipe everything',
    ]);
    // The contribution section is the consent panel and nothing else.
    expect(await page.locator('section#contribution > [data-testid=contribution-panel]').count()).toBe(1);
  });
});

describe('options page: wipe everything', () => {
  it('leaves no database rows, no storage and no alarms, and says so', async () => {
    // A real run: measurements, runs (and the status summary in storage.local).
    await send(page, 'importSettings', {
      json: labPreset(
        [
          { url: 'https://clean.lab.test/', name: 'clean', category: 'news' },
          { url: 'https://nxdomain.lab.test/', name: 'nxdomain', category: 'news' },
        ],
        { scheduleMinutes: 30 },
      ),
    });
    await runAndWait(page);
    // One row in every other store, written from an extension page as the library and outbox would.
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('vantage');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const stores = ['outages', 'sources', 'articles', 'images', 'libraryMeta', 'outbox'];
            const tx = db.transaction(stores, 'readwrite');
            tx.objectStore('outages').put({ state: 'selective', start: Date.now() });
            tx.objectStore('sources').put({ id: 's1', url: 'https://clean.lab.test/feed.xml' });
            tx.objectStore('articles').put({
              id: 'a1',
              canonicalUrl: 'https://clean.lab.test/a',
              sourceId: 's1',
              fetchedAt: 1,
              pinned: 0,
            });
            tx.objectStore('images').put({ key: 'i1', articleId: 'a1' });
            tx.objectStore('libraryMeta').put({ key: 'searchIndex', value: '{}' });
            tx.objectStore('outbox').put({ id: 'o1', status: 'pending', nextAttemptAt: 0, createdAt: 1 });
            tx.oncomplete = () => {
              db.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    expect(await eventually(alarmPeriod, (p) => p === 30)).toBe(30);
    const before = await page.evaluate(async () => {
      const chrome = (
        globalThis as unknown as {
          chrome: { storage: { local: { get(k: null): Promise<Record<string, unknown>> } } };
        }
      ).chrome;
      return Object.keys(await chrome.storage.local.get(null)).sort();
    });
    expect(before).toEqual(expect.arrayContaining(['settings', 'status']));

    await page.reload();
    await page.getByRole('button', { name: 'Count again' }).click();
    for (const store of ['measurements', 'runs', 'outages', 'articles', 'images', 'sources', 'outbox']) {
      await expect
        .poll(() => page.locator(`[data-store=${store}] dd`).textContent(), { message: store })
        .not.toBe('0');
    }

    await page.getByTestId('wipe').click();
    await page.getByTestId('wipe-confirm').click();
    await expect.poll(() => page.getByTestId('wiped').locator('h1').textContent()).toBe('Everything is gone');

    // Give a cancelled run or a late listener time to write something back, then look everywhere.
    await page.waitForTimeout(2_000);
    const left = await whatRemains(page);
    expect(left.rows).toEqual({});
    expect(left.storage).toEqual({});
    expect(await allAlarms()).toEqual([]);
    expect(await page.getByTestId('leftovers').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    // The first-run answer went with everything else: nothing is checked until the
    // user answers again — here "only when I ask", then a check of their own.
    await expect(send(page, 'checkNow', {})).rejects.toThrow(/no-consent/);
    await answerFirstRun(page, { choice: 'manual', diagnose: false });
    // The worker forgot too: the next run's status starts empty, not from the pre-wipe summary.
    await send(page, 'importSettings', {
      json: labPreset([{ url: 'http://blackhole.lab.test/', name: 'blackhole', category: 'news' }], {
        requestTimeoutMs: 4_000,
      }),
    });
    const { runId } = await send(page, 'checkNow', {});
    const status = await eventually(
      async () =>
        (await whatRemains(page)).storage.status as { running?: { runId: string }; lastRun?: unknown },
      (value) => value?.running?.runId === runId,
    );
    expect(status).toEqual({ running: expect.objectContaining({ runId }) });
    await send(page, 'cancelRun', {});
  });

  it('wipes in the middle of a run: the run is stopped and writes nothing back afterwards', async () => {
    const fresh = await session.browser.openPage('options.html');
    await send(fresh, 'importSettings', {
      json: labPreset(
        [
          { url: 'https://clean.lab.test/', name: 'clean', category: 'news' },
          { url: 'http://blackhole.lab.test/', name: 'blackhole', category: 'news' },
        ],
        { scheduleMinutes: 30, requestTimeoutMs: 4_000 },
      ),
    });
    await fresh.reload();
    const started = await send(fresh, 'checkNow', {});
    expect(started.alreadyRunning).toBe(false);
    await fresh.getByTestId('wipe').click();
    await fresh.getByTestId('wipe-confirm').click();
    await fresh.getByTestId('wiped').waitFor();
    // What the user reads is decided after looking; a run still writing would show up here or below.
    expect(await fresh.getByTestId('leftovers').allTextContents()).toEqual([]);
    expect(await fresh.getByTestId('wiped').locator('h1').textContent()).toBe('Everything is gone');
    expect(await fresh.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    // Longer than the blackholed request's timeout: whatever the run does when it ends has happened.
    await fresh.waitForTimeout(6_000);
    expect(await whatRemains(fresh)).toEqual({ rows: {}, storage: {} });
    expect(await allAlarms()).toEqual([]);
    await fresh.close();
  });
});
