import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeasurementRecord } from '../../lib/db';
import { labIp, startLab, type Lab } from '../lab';
import { GUARD_HEADER, launchFirefox, type FirefoxSession } from './harness/firefox';
import { GUARD_PROBE_HOST, guardPac } from './harness/firefox-prefs';
import { labPreset } from './harness/lab-preset';

// Prerequisite: `npx wxt build -b firefox` (.output/firefox-mv3).
let lab: Lab;

beforeAll(async () => {
  lab = await startLab();
});
afterAll(async () => {
  await lab?.stop();
});

describe('the add-on in Firefox (firefox-esr, WebDriver BiDi)', () => {
  let firefox: FirefoxSession;
  beforeAll(async () => {
    firefox = await launchFirefox({ lab });
  });
  afterAll(async () => {
    await firefox?.close();
  });

  /** Runs inside an extension page of the add-on, with its `browser` API. */
  const inExtension = <T>(body: string) => firefox.evaluateInExtension<T>(`(async () => { ${body} })()`);

  it('installs as a temporary add-on with its gecko id', () => {
    expect(firefox.extensionId).toBe('vantage@vantage-probe.org');
    expect(firefox.extensionOrigin).toMatch(/^moz-extension:\/\/[0-9a-f-]{36}$/);
  });

  it('has a background that answers the typed protocol', async () => {
    const reply = await inExtension<{ ok: boolean; value: { version: string } }>(
      `return browser.runtime.sendMessage({ vantage: 1, type: 'ping', data: { sentAt: Date.now() } });`,
    );
    expect(reply).toMatchObject({ ok: true, value: { version: '0.1.0' } });
  });

  it('loads a clean lab site (resolved through the lab DoH, lab CA trusted) and fails a refused one', async () => {
    // From the event page itself, as the engine fetches (tabId -1).
    const result = await inExtension<{ clean: unknown; refused: unknown; outside: unknown; dns: unknown }>(`
      const bg = await browser.runtime.getBackgroundPage();
      const attempt = (url) => bg.fetch(url, { cache: 'no-store' }).then((r) => r.status, (e) => 'failed: ' + e.name);
      return { clean: await attempt('https://clean.lab.test/'), refused: await attempt('http://refused.lab.test/'),
               outside: await attempt('https://example.com/'), dns: await browser.dns.resolve('clean.lab.test') };`);
    expect(result.clean).toBe(200);
    expect(result.refused).toBe('failed: TypeError');
    // A name the lab does not know never resolves: nothing leaves the machine.
    expect(result.outside).toBe('failed: TypeError');
    expect(result.dns).toEqual({ addresses: [labIp(10)], isTRR: true });
  });

  it('reports the browser’s error strings through webRequest.onErrorOccurred', async () => {
    const errors = await inExtension<Record<string, string>>(`
      const bg = await browser.runtime.getBackgroundPage();
      const seen = {};
      const listener = (d) => { seen[d.url] = d.error; };
      browser.webRequest.onErrorOccurred.addListener(listener, { urls: ['<all_urls>'], tabId: -1 });
      await Promise.all(['http://refused.lab.test/', 'http://reset.lab.test/', 'https://gone.lab.test/',
        'https://sni-blocked.lab.test/', 'https://intercept.lab.test/', 'http://clean.lab.test/redirect-loop']
        .map((url) => bg.fetch(url, { cache: 'no-store' }).catch(() => undefined)));
      await new Promise((r) => setTimeout(r, 300));
      browser.webRequest.onErrorOccurred.removeListener(listener);
      return seen;`);
    expect(errors['http://refused.lab.test/']).toBe('NS_ERROR_CONNECTION_REFUSED');
    expect(errors['http://reset.lab.test/']).toBe('NS_ERROR_NET_RESET');
    expect(errors['https://gone.lab.test/']).toBe('NS_ERROR_UNKNOWN_HOST');
    expect(errors['https://sni-blocked.lab.test/']).toBe('NS_ERROR_NET_RESET');
    expect(errors['http://clean.lab.test/redirect-loop']).toBe('NS_ERROR_REDIRECT_LOOP');
    // Certificate errors arrive as NSS's (localised) message, not as a code.
    expect(errors['https://intercept.lab.test/']).toMatch(
      /issuer is not recognized|SEC_ERROR_UNKNOWN_ISSUER/,
    );
  });

  it('never sends an address literal outside loopback anywhere (the guard PAC)', async () => {
    // The PAC file, as Firefox runs it: names go direct (lab DoH), foreign literals to the guard.
    const findProxy = new Function(`${guardPac('guard')}; return FindProxyForURL;`)() as (
      url: string,
      host: string,
    ) => string;
    expect([labIp(10), '::1', 'clean.lab.test', 'example.com'].map((h) => findProxy('', h))).toEqual(
      Array(4).fill('DIRECT'),
    );
    expect(['192.0.2.1', '2001:db8::1', '::ffff:192.0.2.1'].map((h) => findProxy('', h))).toEqual(
      Array(3).fill('PROXY guard'),
    );
    // And Firefox obeys it: the probe name reaches the guard instead of the resolver.
    const probe = await inExtension<string>(`
      return fetch('http://${GUARD_PROBE_HOST}/').then((r) => r.status + ' ' + r.headers.get('${GUARD_HEADER}'));`);
    expect(probe).toBe('502 blocked');
    // Nothing but the probe, from Firefox or the add-on's own install-time run, reached the guard.
    expect(firefox.guarded).toEqual([`GET http://${GUARD_PROBE_HOST}/ HTTP/1.1`]);
  });
});

describe('Firefox with a "government" root installed in the profile', () => {
  let firefox: FirefoxSession;
  beforeAll(async () => {
    // As Kazakhstan asked its citizens to: the lab's interception root, trusted by this profile.
    firefox = await launchFirefox({ lab, trustAlso: [lab.certs.intercept.caPath] });
  });
  afterAll(async () => {
    await firefox?.close();
  });

  it('sees the system resolver’s answer and catches interception by a locally installed root', async () => {
    const preset = labPreset([
      { url: 'https://intercept.lab.test/', name: 'intercept', category: 'news' },
      { url: 'http://refused.lab.test/', name: 'refused', category: 'news' },
    ]);
    const measurements = await firefox.evaluateInExtension<MeasurementRecord[]>(`(async () => {
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
      return (await all('measurements')).filter((m) => m.runId === started.runId);
    })()`);
    const byHost = new Map(measurements.map((m) => [new URL(m.observation.target.url).hostname, m]));
    const intercepted = byHost.get('intercept.lab.test')!;
    expect(intercepted.observation.tls?.isBuiltInRoot).toBe(false);
    expect(intercepted.observation.tls?.chain.at(-1)?.issuer).toMatch(/Qaznet Trust Network Lab/);
    expect(intercepted.verdict).toMatchObject({
      blocking: 'tls',
      subKind: 'tls/untrusted-root',
      confidence: 'confirmed',
    });
    const system = intercepted.observation.dns.find((d) => d.via === 'system');
    expect(system?.addresses).toEqual([labIp(19)]);
    // A lone refusal with DNS consistent with DoH is ambiguous.
    expect(byHost.get('refused.lab.test')!.verdict.subKind).toBe('inconclusive/refused');
    expect(firefox.guarded).toEqual([]);
  });
});
