import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../lab';
import { launchFirefox, type FirefoxSession } from './harness/firefox';
import { labPreset, type PresetTarget } from './harness/lab-preset';

// Prerequisite: `npx wxt build -b firefox`. The history page's "Save measurements" in Firefox
// (issue #13, item 8): its event page answers exportMeasurements and the page makes the file from
// a Blob. BiDi has no download event, so the test catches the link the page clicks and reads the
// Blob it points at — the bytes the browser would save.

const TARGETS: PresetTarget[] = [
  // Plain http: Firefox reports the lab CA as a non-built-in root, i.e. interception
  // (verdicts-firefox.test.ts); a page that must read as accessible is fetched over http.
  { url: 'http://clean.lab.test/', name: 'clean', category: 'news' },
  // Shows the visitor's address, a MAC and a session token, as captive portals do (tests/lab/echo.ts).
  { url: 'http://echo.lab.test/', name: 'echo', category: 'news' },
];

let lab: Lab;
let firefox: FirefoxSession;

beforeAll(async () => {
  lab = await startLab();
  firefox = await launchFirefox({ lab });
});
afterAll(async () => {
  await firefox?.close();
  await lab?.stop();
});

describe('saving measurements in Firefox', () => {
  it('saves a dated OONI JSON Lines file of the run, without the portal’s secrets', async () => {
    const stored = await firefox.evaluateInExtension<string>(`(async () => {
      const send = (type, data) => browser.runtime.sendMessage({ vantage: 1, type, data }).then((r) => r.value);
      await send('importSettings', { json: ${JSON.stringify(labPreset(TARGETS))}, targets: 'replace' });
      let started = await send('checkNow', {});
      while (started.alreadyRunning) { await send('cancelRun', {}); await new Promise((r) => setTimeout(r, 200)); started = await send('checkNow', {}); }
      const db = await new Promise((resolve, reject) => { const o = indexedDB.open('vantage'); o.onsuccess = () => resolve(o.result); o.onerror = () => reject(o.error); });
      const all = (store) => new Promise((resolve) => { const q = db.transaction(store).objectStore(store).getAll(); q.onsuccess = () => resolve(q.result); });
      for (let i = 0; i < 300; i++) {
        const run = (await all('runs')).find((r) => r.id === started.runId);
        if (run && run.status !== 'running') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const text = JSON.stringify(await all('measurements'));
      db.close();
      return text;
    })()`);
    // What the add-on stored carries the portal's token: the file must not.
    expect(stored).toContain('echo-session-token');

    const history = await firefox.openExtensionPage('timeline.html');
    const saved = await firefox.evaluate<{ name: string; text: string; status: string }>(
      history,
      `(async () => {
        const until = async (find) => { for (let i = 0; i < 100; i++) { const v = find(); if (v) return v; await new Promise((r) => setTimeout(r, 100)); } throw new Error('not found'); };
        const caught = new Promise((resolve) => {
          HTMLAnchorElement.prototype.click = function () { resolve({ href: this.href, name: this.download }); };
        });
        (await until(() => document.querySelector('[data-testid=export-measurements]'))).click();
        const { href, name } = await caught;
        const text = await (await fetch(href)).text();
        const status = await until(() => document.querySelector('[data-testid=export-result]')?.textContent);
        return { name, text, status };
      })()`,
    );
    expect(saved.name).toMatch(/^vantage-measurements-\d{4}-\d{2}-\d{2}\.jsonl$/);
    const lines = saved.text
      .trimEnd()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { input: string; test_name: string; test_keys: { blocking: unknown } },
      );
    expect(lines.map((l) => l.input)).toEqual(expect.arrayContaining(TARGETS.map((t) => t.url)));
    expect(lines.find((l) => l.input === 'http://clean.lab.test/')).toMatchObject({
      test_name: 'browser_web',
      test_keys: { blocking: false },
    });
    for (const secret of ['echo-session-token', 'aa:bb:cc:dd:ee:ff', 'Your IP is'])
      expect(saved.text, secret).not.toContain(secret);
    expect(saved.status).toBe(`Saved ${lines.length} measurements.`);
  });
});
