import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../lab';
import { launchFirefox, type FirefoxSession } from './harness/firefox';
import { ACCEPT_LAB_ENDPOINTS_JS } from './harness/lab-endpoints';
import { labPreset } from './harness/lab-preset';

// Prerequisite: `npx wxt build -b firefox` (.output/firefox-mv3). Contribution in firefox-esr,
// without an identifier: Firefox puts `Origin: moz-extension://<uuid>` — a random id per installation —
// on the extension's POSTs; sent to OONI it would link every report of one installation. Every
// header the lab's check-in and collector receive is recorded and checked, and the echo site's
// view of the visitor (address, MAC, session token) must not arrive either.

const EXTENSION_DIR = resolve('.output/firefox-mv3');
const TARGETS = [
  { url: 'http://echo.lab.test/', name: 'echo', category: 'news' as const },
  { url: 'http://clean.lab.test/', name: 'clean', category: 'news' as const },
];

let lab: Lab;
let firefox: FirefoxSession;
let options: string;

const UNTIL = `const until = async (find, ms, what) => {
  const deadline = Date.now() + ms;
  for (;;) { const found = await find(); if (found) return found;
    if (Date.now() > deadline) throw new Error('timed out waiting for ' + what);
    await new Promise((r) => setTimeout(r, 100)); } };
const send = (type, data) => browser.runtime.sendMessage({ vantage: 1, type, data });
const all = (store) => new Promise((resolve, reject) => {
  const open = indexedDB.open('vantage');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => { const db = open.result;
    const q = db.transaction(store).objectStore(store).getAll();
    q.onsuccess = () => { db.close(); resolve(q.result); }; q.onerror = () => reject(q.error); }; });`;
const inOptions = <T>(body: string) => firefox.evaluate<T>(options, `(async () => { ${UNTIL} ${body} })()`);
const contributionRequests = () =>
  lab.requests.filter((r) => r.path === '/api/v1/check-in' || r.path.startsWith('/report'));

beforeAll(async () => {
  lab = await startLab();
  firefox = await launchFirefox({ lab, extensionDir: EXTENSION_DIR });
  options = await firefox.openExtensionPage('options.html');
  const preset = labPreset(TARGETS, { requestTimeoutMs: 3_000, scheduleMinutes: 0 });
  await inOptions(`
    await send('importSettings', { json: ${JSON.stringify(preset)} });
    // A file only suggests the lab's check-in and collector; accepted as the options page's button does.
    const api = browser;
    ${ACCEPT_LAB_ENDPOINTS_JS}
    await until(async () => {
      const runs = await all('runs');
      if (runs.every((r) => r.status !== 'running')) return true;
      await send('cancelRun', {});
      return false;
    }, 20000, 'the install-time run to close');`);
});
afterAll(async () => {
  await firefox?.close();
  await lab?.stop();
});

describe('contributing from Firefox (firefox-esr, lab check-in and collector)', () => {
  it('sends a run after consent given in the options page', async () => {
    await inOptions(`
      (await until(() => document.querySelector('[data-testid=contribute-enable]'), 10000, 'the switch')).click();
      // The lab's sites are the user's own list here: allowed too, as in contribute.test.ts.
      const own = await until(() => document.querySelector('[data-testid=contribute-include-user]'), 5000, 'own sites');
      if (!own.checked) own.click();
      (await until(() => document.querySelector('[data-testid=contribute-confirm]'), 5000, 'confirm')).click();
      await until(async () => {
        const { contribute } = (await browser.storage.local.get('settings')).settings ?? {};
        return contribute?.enabled && contribute.includeUserTargets;
      }, 5000, 'consent saved');
      await send('checkNow', {});`);
    await expect
      .poll(() => lab.collector.received.map((r) => r.content.input).sort(), { timeout: 60_000 })
      .toEqual(TARGETS.map((t) => t.url).sort());
    expect(lab.collector.received[0]!.content).toMatchObject({ probe_cc: 'KZ', test_name: 'browser_web' });
  });

  it('no contribution request carries the install id: no Origin, Referer or cookie', async () => {
    const requests = contributionRequests();
    expect(requests.length).toBeGreaterThan(2);
    const uuid = new URL(firefox.extensionOrigin).host;
    expect(uuid).toMatch(/^[0-9a-f-]{36}$/);
    const allowed =
      /^(host|connection|content-length|content-type|user-agent|accept|accept-encoding|accept-language|cache-control|pragma|priority|te|sec-fetch-(site|mode|dest))$/;
    for (const request of requests) {
      expect(Object.keys(request.headers).filter((name) => !allowed.test(name))).toEqual([]);
      const text = JSON.stringify(request.headers).toLowerCase() + request.body.toLowerCase();
      expect(text).not.toContain('moz-extension');
      expect(text).not.toContain(uuid);
    }
  });

  it("no byte of the echo site's view of the visitor reaches the lab", async () => {
    const echo = await inOptions<{ title: string }>(`
      const m = (await all('measurements')).find((m) => m.targetId === 'http://echo.lab.test/');
      return { title: m.observation.http.title };`);
    const address = /Your IP is (\S+)/.exec(echo.title)?.[1];
    expect(address).toMatch(/^(::ffff:)?127\.\d+\.\d+\.\d+$/);
    const v4 = address!.replace(/^::ffff:/, '');
    expect(lab.collector.received.some((r) => r.content.input === 'http://echo.lab.test/')).toBe(true);
    const bytes = contributionRequests()
      .map((r) => `${r.path}\n${JSON.stringify(r.headers)}\n${r.body}`)
      .join('\n')
      .replaceAll('"probe_ip":"127.0.0.1"', '');
    for (const secret of [v4, 'Your IP is', 'ip=', 'aa:bb:cc', 'echo-session-token'])
      expect(bytes).not.toContain(secret);
  });
});
