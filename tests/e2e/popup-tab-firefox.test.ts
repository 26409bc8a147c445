import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../lab';
import { launchFirefox, type FirefoxSession } from './harness/firefox';
import { labPreset } from './harness/lab-preset';

// Prerequisite: `npx wxt build -b firefox` (.output/firefox-mv3). Issue #14 item 2 in firefox-esr:
// a tab whose page failed (the lab resets the TLS handshake naming sni-blocked.lab.test) gets the
// background's diagnosis, and the toolbar button says "blocked" for that tab, in words.
// The harness answers the first-run page with the failed-page diagnosis switched on.

const EXTENSION_DIR = resolve('.output/firefox-mv3');
const BLOCKED = 'https://sni-blocked.lab.test/';

let lab: Lab;
let firefox: FirefoxSession;

const UNTIL = `const until = async (find, ms = 10000, what = 'condition') => {
  const deadline = Date.now() + ms;
  for (;;) { const found = await find(); if (found) return found;
    if (Date.now() > deadline) throw new Error('timed out waiting for ' + what);
    await new Promise((r) => setTimeout(r, 100)); } };
const runs = () => new Promise((resolve, reject) => {
  const open = indexedDB.open('vantage');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => { const db = open.result;
    const q = db.transaction('runs').objectStore('runs').getAll();
    q.onsuccess = () => { db.close(); resolve(q.result); }; q.onerror = () => reject(q.error); }; });`;
const control = <T>(body: string) => firefox.evaluateInExtension<T>(`(async () => { ${UNTIL} ${body} })()`);

beforeAll(async () => {
  lab = await startLab();
  firefox = await launchFirefox({ lab, extensionDir: EXTENSION_DIR });
  const json = labPreset([], { requestTimeoutMs: 2_000, language: 'en' });
  const reply = await control<{ ok: boolean }>(
    `return browser.runtime.sendMessage({ vantage: 1, type: 'importSettings', data: { json: ${JSON.stringify(json)} } });`,
  );
  expect(reply).toMatchObject({ ok: true });
  // Let the install-time run (default pack, unreachable in the lab) close first.
  await control(`
    await until(async () => {
      const all = await runs();
      if (all.every((r) => r.status !== 'running')) return true;
      await browser.runtime.sendMessage({ vantage: 1, type: 'cancelRun', data: {} });
    }, 30000, 'install run closed');`);
});
afterAll(async () => {
  await firefox?.close();
  await lab?.stop();
});

describe('the toolbar button per tab (Firefox)', () => {
  it('says "blocked" for a tab whose page failed, once the background has diagnosed it', async () => {
    const { context } = await firefox.send<{ context: string }>('browsingContext.create', { type: 'tab' });
    // The page fails (BiDi reports the reset as the navigation's error): that is the point.
    await firefox
      .send('browsingContext.navigate', { context, url: BLOCKED, wait: 'none' })
      .catch(() => undefined);
    const shown = await control<{ text: string; title: string; trigger: string }>(`
      const run = await until(async () => (await runs()).find((r) => r.trigger === 'navigation-error' && r.status === 'done'),
        30000, 'the diagnosis');
      return until(async () => {
        const tab = (await browser.tabs.query({})).find((t) => (t.url || '').startsWith(${JSON.stringify(BLOCKED)}));
        if (!tab) return undefined;
        const text = await browser.action.getBadgeText({ tabId: tab.id });
        return text === '!' && { text, title: await browser.action.getTitle({ tabId: tab.id }), trigger: run.trigger };
      }, 10000, 'the badge');`);
    expect(shown.text).toBe('!');
    expect(shown.title).toMatch(/^Vantage: this site — Blocked.*\((likely|confirmed|possible)\)$/);
  });
});
