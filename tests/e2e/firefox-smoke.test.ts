import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeasurementRecord } from '../../lib/db';
import { startLab, type Lab } from '../lab';
import { launchFirefox, type FirefoxSession } from './harness/firefox';
import { labPreset } from './harness/lab-preset';

let lab: Lab;
let firefox: FirefoxSession;

beforeAll(async () => {
  lab = await startLab();
  firefox = await launchFirefox({ lab, trustAlso: [lab.certs.intercept.caPath] });
});
afterAll(async () => {
  await firefox?.close();
  await lab?.stop();
});

/** Runs inside the add-on's own options page, with the extension's `browser` API. */
const inExtension = <T>(body: string) => firefox.evaluateInExtension<T>(`(async () => { ${body} })()`);

describe('the add-on in Firefox (firefox-esr, WebDriver BiDi)', () => {
  it('installs as a temporary add-on with its gecko id', () => {
    expect(firefox.extensionId).toBe('vantage@vantage-probe.org');
  });

  it('has a background that answers the typed protocol', async () => {
    const reply = await inExtension<{ ok: boolean; value: { version: string } }>(
      `return browser.runtime.sendMessage({ vantage: 1, type: 'ping', data: { sentAt: 1 } });`,
    );
    expect(reply).toMatchObject({ ok: true, value: { version: '0.1.0' } });
  });

  it('loads a clean lab site (resolved through the lab DoH, lab CA trusted) and fails a refused one', async () => {
    const result = await inExtension<{ clean: unknown; refused: unknown; outside: unknown }>(`
      const attempt = (url) => fetch(url, { cache: 'no-store' }).then((r) => r.status, (e) => 'failed: ' + e.name);
      return { clean: await attempt('https://clean.lab.test/'), refused: await attempt('http://refused.lab.test/'),
               outside: await attempt('https://example.com/') };`);
    expect(result.clean).toBe(200);
    expect(result.refused).toMatch(/^failed/);
    // A name the lab does not know never resolves: nothing leaves the machine.
    expect(result.outside).toMatch(/^failed/);
  });

  it('reports distinct NS_ERROR strings through webRequest.onErrorOccurred', async () => {
    const errors = await inExtension<Record<string, string>>(`
      const seen = {};
      const listener = (d) => { seen[new URL(d.url).hostname] = d.error; };
      browser.webRequest.onErrorOccurred.addListener(listener, { urls: ['<all_urls>'] });
      for (const url of ['http://refused.lab.test/', 'http://reset.lab.test/', 'https://gone.lab.test/', 'https://sni-blocked.lab.test/']) {
        await fetch(url, { cache: 'no-store' }).catch(() => undefined);
      }
      await new Promise((r) => setTimeout(r, 300));
      browser.webRequest.onErrorOccurred.removeListener(listener);
      return seen;`);
    expect(errors['refused.lab.test']).toBe('NS_ERROR_CONNECTION_REFUSED');
    expect(errors['reset.lab.test']).toMatch(/^NS_ERROR_NET_(RESET|INTERRUPT)$/);
    expect(errors['gone.lab.test']).toBe('NS_ERROR_UNKNOWN_HOST');
    expect(errors['sni-blocked.lab.test']).toMatch(/^NS_ERROR_NET_(RESET|INTERRUPT)$/);
  });

  it('sees the system resolver’s answer and catches interception by a locally installed root', async () => {
    const preset = labPreset([
      { url: 'https://intercept.lab.test/', name: 'intercept', category: 'news' },
      { url: 'http://refused.lab.test/', name: 'refused', category: 'news' },
    ]);
    const measurements = await inExtension<MeasurementRecord[]>(`
      const send = (type, data) => browser.runtime.sendMessage({ vantage: 1, type, data }).then((r) => r.value);
      await send('importSettings', { json: ${JSON.stringify(preset)} });
      let started = await send('checkNow', {});
      while (started.alreadyRunning) { await send('cancelRun', {}); await new Promise((r) => setTimeout(r, 200)); started = await send('checkNow', {}); }
      const db = await new Promise((resolve, reject) => { const o = indexedDB.open('vantage'); o.onsuccess = () => resolve(o.result); o.onerror = () => reject(o.error); });
      const all = (store) => new Promise((resolve) => { const q = db.transaction(store).objectStore(store).getAll(); q.onsuccess = () => resolve(q.result); });
      for (let i = 0; i < 200; i++) {
        const run = (await all('runs')).find((r) => r.id === started.runId);
        if (run && run.status !== 'running') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      return (await all('measurements')).filter((m) => m.runId === started.runId);`);
    const byHost = new Map(measurements.map((m) => [new URL(m.observation.target.url).hostname, m]));
    const intercepted = byHost.get('intercept.lab.test')!;
    // The "government" root was installed in this profile, as Kazakhstan asked its citizens to.
    expect(intercepted.observation.tls?.isBuiltInRoot).toBe(false);
    expect(intercepted.observation.tls?.chain.at(-1)?.issuer).toMatch(/Qaznet Trust Network Lab/);
    expect(intercepted.verdict).toMatchObject({
      blocking: 'tls',
      subKind: 'tls/untrusted-root',
      confidence: 'confirmed',
    });
    const system = intercepted.observation.dns.find((d) => d.via === 'system');
    expect(system?.addresses).toEqual(['127.0.1.19']);
    expect(byHost.get('refused.lab.test')!.verdict.blocking).toBe('tcp_ip');
  });
});
