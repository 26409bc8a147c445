import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../lab';
import { launchFirefox, type FirefoxSession } from './harness/firefox';
import { ACCEPT_LAB_ENDPOINTS_JS } from './harness/lab-endpoints';
import { labPreset } from './harness/lab-preset';

// Prerequisite: `npx wxt build -b firefox` (.output/firefox-mv3). The same wipe as
// options.test.ts, in Firefox: its event page, IndexedDB and storage are other implementations.
// BiDi cannot drive clicks like Playwright, so the page's own buttons are clicked from script.

let lab: Lab;
let firefox: FirefoxSession;
let page: string;

const inPage = <T>(body: string) => firefox.evaluate<T>(page, `(async () => { ${body} })()`);

beforeAll(async () => {
  lab = await startLab();
  firefox = await launchFirefox({ lab });
  page = await firefox.openExtensionPage('options.html');
});
afterAll(async () => {
  await firefox?.close();
  await lab?.stop();
});

describe('options page in Firefox: the country list from OONI', () => {
  it('fetches the list from the page itself (lab API) and adds it', async () => {
    const preset = labPreset([], { packId: 'kz', scheduleMinutes: 0 });
    const result = await inPage<{ report: string; urls: string[] }>(`
      await browser.runtime.sendMessage({ vantage: 1, type: 'importSettings', data: { json: ${JSON.stringify(preset)} } });
      const api = browser;
      ${ACCEPT_LAB_ENDPOINTS_JS}
      const until = async (find) => { for (let i = 0; i < 100; i++) { const el = find(); if (el) return el; await new Promise((r) => setTimeout(r, 100)); } throw new Error('not found'); };
      const button = await until(() => [...document.querySelectorAll('#targets button')].find((b) => /OONI/.test(b.textContent)));
      await until(() => !button.disabled && document.querySelector('#ooni-country')?.value === 'KZ' && button);
      button.click();
      const report = await until(() => /OONI/.test(document.querySelector('[data-testid=ooni-report]')?.textContent ?? '') && document.querySelector('[data-testid=ooni-report]'));
      const { settings } = await browser.storage.local.get('settings');
      return { report: report.textContent, urls: settings.customTargets.map((t) => t.url) };`);
    expect(result.report).toMatch(/OONI’s list has \d+ sites/);
    expect(lab.requests.some((r) => r.path.startsWith('/api/v1/test-list/urls?probe_cc=KZ'))).toBe(true);
    expect(result.urls).toContain('https://telegram.lab.test/');
  });
});

describe('options page in Firefox: wipe everything', () => {
  it('fills every store, wipes through the page, and nothing remains', async () => {
    const preset = labPreset(
      [
        { url: 'https://clean.lab.test/', name: 'clean', category: 'news' },
        { url: 'https://nxdomain.lab.test/', name: 'nxdomain', category: 'news' },
      ],
      { scheduleMinutes: 30 },
    );
    const seeded = await inPage<{ rows: Record<string, number>; keys: string[]; alarms: string[] }>(`
      const send = (type, data) => browser.runtime.sendMessage({ vantage: 1, type, data });
      await send('importSettings', { json: ${JSON.stringify(preset)} });
      const { value: { runId } } = await send('checkNow', {});
      const openDb = () => new Promise((resolve, reject) => {
        const open = indexedDB.open('vantage');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const done = (request) => new Promise((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (let i = 0; i < 240; i++) {
        const db = await openDb();
        const run = await done(db.transaction('runs').objectStore('runs').get(runId));
        db.close();
        if (run && run.status !== 'running') break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const db = await openDb();
      const tx = db.transaction(['outages', 'sources', 'articles', 'images', 'libraryMeta', 'outbox'], 'readwrite');
      tx.objectStore('outages').put({ state: 'selective', start: Date.now() });
      tx.objectStore('sources').put({ id: 's1', url: 'https://clean.lab.test/feed.xml' });
      tx.objectStore('articles').put({ id: 'a1', canonicalUrl: 'https://clean.lab.test/a', sourceId: 's1', fetchedAt: 1, pinned: 0 });
      tx.objectStore('images').put({ key: 'i1', articleId: 'a1' });
      tx.objectStore('libraryMeta').put({ key: 'searchIndex', value: '{}' });
      tx.objectStore('outbox').put({ id: 'o1', status: 'pending', nextAttemptAt: 0, createdAt: 1 });
      await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
      const rows = {};
      for (const store of Array.from(db.objectStoreNames)) rows[store] = await done(db.transaction(store).objectStore(store).count());
      db.close();
      return { rows, keys: Object.keys(await browser.storage.local.get(null)).sort(),
               alarms: (await browser.alarms.getAll()).map((a) => a.name) };`);
    for (const store of [
      'measurements',
      'runs',
      'outages',
      'sources',
      'articles',
      'images',
      'libraryMeta',
      'outbox',
    ])
      expect(seeded.rows[store], store).toBeGreaterThan(0);
    expect(seeded.keys).toEqual(expect.arrayContaining(['settings', 'status']));
    // The scheduled check and the offline library's refresh.
    expect(seeded.alarms.sort()).toEqual(['library-refresh', 'vantage-scheduled-check']);

    const wiped = await inPage<string>(`
      const until = async (find) => { for (let i = 0; i < 100; i++) { const el = find(); if (el) return el; await new Promise((r) => setTimeout(r, 100)); } throw new Error('not found'); };
      (await until(() => document.querySelector('[data-testid=wipe]'))).click();
      (await until(() => document.querySelector('dialog[open] [data-testid=wipe-confirm]'))).click();
      return (await until(() => document.querySelector('[data-testid=wiped] h1'))).textContent;`);
    expect(wiped).toBe('Everything is gone');

    const left = await inPage<{ rows: Record<string, number>; storage: object; alarms: unknown[] }>(`
      await new Promise((r) => setTimeout(r, 2000));
      const rows = {};
      for (const info of await indexedDB.databases()) {
        const db = await new Promise((resolve, reject) => {
          const open = indexedDB.open(info.name);
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        for (const store of Array.from(db.objectStoreNames)) {
          const count = await new Promise((resolve) => {
            const request = db.transaction(store).objectStore(store).count();
            request.onsuccess = () => resolve(request.result);
          });
          // A page or the worker opening the database again re-creates it empty: only rows count.
          if (count > 0) rows[info.name + '.' + store] = count;
        }
        db.close();
      }
      return { rows, storage: await browser.storage.local.get(null), alarms: await browser.alarms.getAll() };`);
    expect(left).toEqual({ rows: {}, storage: {}, alarms: [] });
  });
});
