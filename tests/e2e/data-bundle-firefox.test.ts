import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../lab';
import { LAB_BUNDLE_PACK, LAB_BUNDLE_PATH } from '../lab/data-bundle';
import { launchFirefox, type FirefoxSession } from './harness/firefox';

// Prerequisite: `npx wxt build -b firefox`. The Chromium test (data-bundle.test.ts) in Firefox:
// its WebCrypto Ed25519 and its event page are another implementation. As in that test, a copy of
// the build pins the lab's throw-away data key.

let lab: Lab;
let firefox: FirefoxSession;
let page: string;
let extensionDir: string;

const endpoint = (name: string) => `https://${name}${LAB_BUNDLE_PATH}`;
const inPage = <T>(body: string) => firefox.evaluate<T>(page, `(async () => { ${body} })()`);

beforeAll(async () => {
  lab = await startLab();
  extensionDir = mkdtempSync(join(tmpdir(), 'vantage-ext-ff-'));
  cpSync(resolve('.output/firefox-mv3'), extensionDir, { recursive: true });
  writeFileSync(
    join(extensionDir, 'data-bundle-keys.json'),
    JSON.stringify({ keys: [lab.dataBundle.publicKey] }),
  );
  firefox = await launchFirefox({ lab, extensionDir });
  page = await firefox.openExtensionPage('options.html');
}, 120_000);
afterAll(async () => {
  await firefox?.close();
  await lab?.stop();
  if (extensionDir) rmSync(extensionDir, { recursive: true, force: true });
});

describe('signed data bundle, Firefox', () => {
  it('passes over a refused endpoint, a 404, a forgery and an old replay; takes the good one; the page shows it', async () => {
    const endpoints = [
      'bundle-down.lab.test',
      'bundle-missing.lab.test',
      'bundle-tampered.lab.test',
      'bundle-good.lab.test',
    ].map(endpoint);
    const first = await inPage<{
      outcome: string;
      version: number;
      reasons: string[];
      stored: { version: number; source: string };
    }>(`
      const { settings } = await browser.storage.local.get('settings');
      await browser.storage.local.set({ settings: { ...settings, dataBundleEndpoints: ${JSON.stringify(endpoints)} } });
      const reply = await browser.runtime.sendMessage({ vantage: 1, type: 'dataBundleRefresh', data: {} });
      const { dataBundle } = await browser.storage.local.get('dataBundle');
      return { ...reply.value, reasons: reply.value.attempts.map((a) => a.reason), stored: dataBundle };`);
    expect(first).toMatchObject({ outcome: 'updated', version: lab.dataBundle.goodVersion });
    expect(first.reasons).toEqual(['network', 'http-status', 'bad-signature']);
    expect(first.stored).toMatchObject({
      version: lab.dataBundle.goodVersion,
      source: endpoint('bundle-good.lab.test'),
    });

    const replay = await inPage<{ outcome: string; reasons: string[]; stored: { version: number } }>(`
      const { settings } = await browser.storage.local.get('settings');
      await browser.storage.local.set({ settings: { ...settings, dataBundleEndpoints: ${JSON.stringify([endpoint('bundle-old.lab.test')])} } });
      const reply = await browser.runtime.sendMessage({ vantage: 1, type: 'dataBundleRefresh', data: {} });
      const { dataBundle } = await browser.storage.local.get('dataBundle');
      return { outcome: reply.value.outcome, reasons: reply.value.attempts.map((a) => a.reason), stored: dataBundle };`);
    expect(replay).toMatchObject({
      outcome: 'failed',
      reasons: ['older'],
      stored: { version: lab.dataBundle.goodVersion },
    });

    const shown = await inPage<string>(`
      for (let i = 0; i < 100; i++) {
        const el = document.querySelector('[data-testid=data-bundle-installed]');
        if (el?.dataset.version === '${lab.dataBundle.goodVersion}') return el.textContent;
        await new Promise((r) => setTimeout(r, 100));
      }
      return document.querySelector('[data-testid=data-bundle-installed]')?.textContent ?? '';`);
    expect(shown).toContain(`version ${lab.dataBundle.goodVersion}`);
    expect(shown).toContain('bundle-good.lab.test');
  });

  it("runs the bundle's Kazakhstan pack: exactly its lab sites", async () => {
    // The event page puts the installed bundle's packs in force before it makes a run's list.
    const targetIds = await inPage<string[]>(`
      const ask = (type) => browser.runtime.sendMessage({ vantage: 1, type, data: {} });
      // The install-time run (the shipped pack, unreachable here) may still be going: stop it first.
      let started = await ask('checkNow');
      for (let i = 0; started.value.alreadyRunning && i < 100; i++) {
        await ask('cancelRun');
        await new Promise((r) => setTimeout(r, 100));
        started = await ask('checkNow');
      }
      const runId = started.value.runId;
      const read = () => new Promise((resolve, reject) => {
        const open = indexedDB.open('vantage');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('runs').objectStore('runs').get(runId);
          request.onsuccess = () => { resolve(request.result); open.result.close(); };
          request.onerror = () => reject(request.error);
        };
      });
      for (let i = 0; i < 400; i++) {
        const run = await read();
        if (run) return run.targetIds;
        await new Promise((r) => setTimeout(r, 100));
      }
      return [];`);
    expect([...targetIds].sort()).toEqual(LAB_BUNDLE_PACK.kz.targets.map((t) => t.url).sort());
  });
});
