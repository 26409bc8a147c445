import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RefreshReport } from '../../lib/library';
import { createLibrarySites } from '../lab';
import { closeInstallRun, send } from './harness/extension-api';
import { labPreset, scenarioSiteTargets } from './harness/lab-preset';
import { startLabSession, type LabSession } from './harness/session';

// Issue #12: someone who takes the phone opens the browser's own history (Ctrl+H), which
// "Wipe everything" cannot clear. Before, the reader kept its state in its address
// (reader.html?url=<blocked page>, ?site=, ?id=, ?q=<search words>) and every one of those
// landed in Chromium's History database. Here the popup's saved-copy links, the reader's search
// and an opened article are used for real; then the browser is closed (Chromium writes its
// History SQLite file on shutdown) and every column of every table of that file is searched.

/** The few sql.js calls used here (the package ships no types). */
interface SqlJs {
  Database: new (data: Uint8Array) => {
    exec(sql: string): { columns: string[]; values: unknown[][] }[];
    close(): void;
  };
}
const initSqlJs = createRequire(import.meta.url)('sql.js') as () => Promise<SqlJs>;

const SAVED = 'https://azattyq.lab.test/articles/bbc-1';
const NOT_SAVED = 'https://azattyq.lab.test/articles/not-saved';
const BBC_TITLE = "Obama admits US gun laws are his 'biggest frustration'";
/** A word only the searched article has; typed into the reader's search box. */
const SEARCH_WORD = 'frustration';

let session: LabSession | undefined;
let profile: string;
let extensionId: string;
const articleIds: string[] = [];

beforeAll(async () => {
  profile = mkdtempSync(join(tmpdir(), 'vantage-no-traces-'));
  session = await startLabSession({ lab: { library: createLibrarySites() }, userDataDir: profile });
  extensionId = session.browser.extensionId;
  const page = await session.browser.openPage('options.html');
  const imported = await send(page, 'importSettings', {
    json: labPreset(scenarioSiteTargets(session.lab), { requestTimeoutMs: 3_000 }),
  });
  expect(imported.ok).toBe(true);
  await closeInstallRun(page);
  const added = await send(page, 'libraryAddSource', { url: 'https://azattyq.lab.test/news/', kind: 'feed' });
  if (!added.ok) throw new Error(added.reason);
  const report: RefreshReport = await send(page, 'libraryRefresh', { sourceIds: [added.source.id] });
  expect(report.sources[0]).toMatchObject({ ok: true, saved: 4 });
  articleIds.push(
    ...(await page.evaluate(
      () =>
        new Promise<string[]>((resolve, reject) => {
          const open = indexedDB.open('vantage');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const request = open.result.transaction('articles').objectStore('articles').getAllKeys();
            request.onsuccess = () => resolve(request.result.map(String));
            request.onerror = () => reject(request.error);
          };
        }),
    )),
  );
  expect(articleIds.length).toBe(4);
  await page.close();
});
afterAll(async () => {
  await session?.close();
  rmSync(profile, { recursive: true, force: true });
});

/** The popup for one site. A tab stands in for the toolbar popup, which Chromium never records. */
function popupAddress(site: string): string {
  return `popup.html?site=${encodeURIComponent(site)}`;
}

async function followCachedCopy(site: string): Promise<Page> {
  const popup = await session!.browser.openPage(popupAddress(site));
  const link = popup.getByTestId('cached-copy');
  await link.waitFor();
  const [reader] = await Promise.all([session!.browser.context.waitForEvent('page'), link.click()]);
  await popup.close();
  return reader;
}

/** storage.session's keys, as an extension page sees them, after putting `items` there. */
function sessionKeys(page: Page, items: object = {}): Promise<string[]> {
  return page.evaluate(async (put) => {
    const area = (
      globalThis as unknown as {
        chrome: { storage: { session: { set(i: object): Promise<void>; get(): Promise<object> } } };
      }
    ).chrome.storage.session;
    await area.set(put);
    return Object.keys(await area.get());
  }, items);
}

/** Every value of every row of every table, as text (blobs read as UTF-8). */
async function everyValue(file: string): Promise<string[]> {
  const SQL = await initSqlJs();
  const db = new SQL.Database(readFileSync(file));
  try {
    const tables = db
      .exec("SELECT name FROM sqlite_master WHERE type = 'table'")[0]!
      .values.map(([name]) => String(name));
    const values: string[] = [];
    for (const table of tables)
      for (const result of db.exec(`SELECT * FROM "${table}"`))
        for (const row of result.values)
          for (const value of row)
            values.push(value instanceof Uint8Array ? new TextDecoder().decode(value) : String(value));
    return values;
  } finally {
    db.close();
  }
}

describe('no traces in the browser’s own history (Chromium)', () => {
  it('the popup, the reader, its search and an opened article leave no site, address, word or id in History; the wipe empties storage.session', async () => {
    // The popup's "read the saved copy": the article opens.
    const copy = await followCachedCopy(SAVED);
    await expect.poll(() => copy.getByTestId('article-title').textContent()).toBe(BBC_TITLE);
    await copy.getByRole('button', { name: /Back to the library/ }).click();
    await copy.getByTestId('article-item').first().waitFor();
    await copy.close();

    // The popup's "read the saved pages of this site": that site's list.
    const site = await followCachedCopy(NOT_SAVED);
    await expect.poll(() => site.getByTestId('article-item').count()).toBe(4);
    await site.close();

    // The reader's search, then the found article, then back to the results.
    const reader = await session!.browser.openPage('reader.html');
    await reader.getByTestId('library-search').fill(SEARCH_WORD);
    await expect
      .poll(() => reader.getByTestId('search-hit').allTextContents())
      .toEqual([expect.stringContaining(BBC_TITLE)]);
    await reader.getByTestId('search-hit').locator('a').click();
    await expect.poll(() => reader.getByTestId('article-title').textContent()).toBe(BBC_TITLE);
    await reader.getByRole('button', { name: /Back to the library/ }).click();
    await reader.getByTestId('search-hit').waitFor();
    await reader.close();

    // The measurements page, through the popup's own link.
    const popup = await session!.browser.openPage('popup.html');
    const [measurements] = await Promise.all([
      session!.browser.context.waitForEvent('page'),
      popup.getByRole('link', { name: 'History' }).click(),
    ]);
    await measurements.waitForLoadState();
    await measurements.close();

    // An intent no reader took (its tab never opened) is memory the wipe must also clear.
    expect(await sessionKeys(popup, { readerIntent: { kind: 'site', host: 'azattyq.lab.test' } })).toEqual([
      'readerIntent',
    ]);
    await send(popup, 'wipeEverything', {});
    expect(await sessionKeys(popup)).toEqual([]);
    await popup.close();

    await session!.browser.context.close();
    const history = join(profile, 'Default', 'History');
    expect(existsSync(history)).toBe(true);
    const values = await everyValue(history);
    // The browser did record the extension's pages: the check below reads a real, written file.
    expect(values.some((value) => value.startsWith(`chrome-extension://${extensionId}/reader.html`))).toBe(
      true,
    );
    // The tabs standing in for the toolbar popup carry their site by construction; nothing else may.
    const harness = [SAVED, NOT_SAVED].map((s) => `chrome-extension://${extensionId}/${popupAddress(s)}`);
    const seen = values.map((value) =>
      harness.reduce((text, address) => text.split(address).join(''), value),
    );
    const needles = [
      'azattyq',
      'lab.test',
      encodeURIComponent('azattyq.lab.test'),
      SEARCH_WORD,
      BBC_TITLE,
      ...articleIds,
      ...articleIds.map(encodeURIComponent),
    ];
    const leaks = needles.flatMap((needle) =>
      seen.filter((value) => value.includes(needle)).map((value) => `${needle} in ${value}`),
    );
    expect(leaks).toEqual([]);
  });
});
