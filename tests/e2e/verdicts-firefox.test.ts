import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeasurementRecord } from '../../lib/db';
import { startLab, type Lab } from '../lab';
import { launchFirefox, type FirefoxSession } from './harness/firefox';
import { labPreset, SCENARIO_TARGETS, type PresetTarget } from './harness/lab-preset';

// Issue #13 in Firefox: the verdicts that do not depend on a censored local resolver. The Firefox
// harness resolves every name through the lab's uncensored DoH (TRR mode 3), so the DNS scenarios
// (sinkhole, hidden redirect target, poisoned notice) are Chromium's only (tests/e2e/verdicts.test.ts).
// The lab CA is a root installed in the profile, which Firefox reports as isBuiltInRoot false —
// interception, correctly — so pages that must read as accessible are fetched over plain HTTP here.
// Prerequisite: `npx wxt build -b firefox` (.output/firefox-mv3).

const IN_FIREFOX = [
  'http://kz-notice.lab.test/',
  'http://ru-notice.lab.test/',
  'https://censorship-article.lab.test/',
  'https://legal451.lab.test/',
  'http://redirect-url.lab.test/',
  'https://refused.lab.test/',
  'https://clean.lab.test/redirect-loop',
  'https://wrong-cert.lab.test/',
];
const PLAIN_HTTP = ['https://censorship-article.lab.test/', 'https://legal451.lab.test/'];
const scenarios = SCENARIO_TARGETS.filter((t) => IN_FIREFOX.includes(t.url)).map((t) =>
  PLAIN_HTTP.includes(t.url) ? { ...t, url: t.url.replace('https:', 'http:') } : t,
);

let lab: Lab;
let firefox: FirefoxSession;

/** Import a preset and run it inside the add-on, as the options page would; the run's measurements. */
async function run(targets: PresetTarget[]): Promise<Map<string, MeasurementRecord>> {
  const preset = labPreset(targets);
  const measurements = await firefox.evaluateInExtension<MeasurementRecord[]>(`(async () => {
    const send = (type, data) => browser.runtime.sendMessage({ vantage: 1, type, data }).then((r) => r.value);
    await send('importSettings', { json: ${JSON.stringify(preset)} });
    let started = await send('checkNow', {});
    while (started.alreadyRunning) { await send('cancelRun', {}); await new Promise((r) => setTimeout(r, 200)); started = await send('checkNow', {}); }
    const db = await new Promise((resolve, reject) => { const o = indexedDB.open('vantage'); o.onsuccess = () => resolve(o.result); o.onerror = () => reject(o.error); });
    const all = (store) => new Promise((resolve) => { const q = db.transaction(store).objectStore(store).getAll(); q.onsuccess = () => resolve(q.result); });
    for (let i = 0; i < 300; i++) {
      const run = (await all('runs')).find((r) => r.id === started.runId);
      if (run && run.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    return (await all('measurements')).filter((m) => m.runId === started.runId);
  })()`);
  return new Map(measurements.map((m) => [m.observation.target.url, m]));
}

beforeAll(async () => {
  lab = await startLab();
  firefox = await launchFirefox({ lab });
});
afterAll(async () => {
  await firefox?.close();
  await lab?.stop();
});

describe('verdicts the add-on reaches in the lab (Firefox)', () => {
  let byUrl: Map<string, MeasurementRecord>;
  beforeAll(async () => {
    byUrl = await run(scenarios);
  });

  it('measures every scenario Firefox can play', () => {
    expect(scenarios).toHaveLength(IN_FIREFOX.length);
    expect(byUrl.size).toBe(scenarios.length);
  });

  for (const target of scenarios) {
    it(`classifies ${target.url} as ${target.expect.blocking} (${target.expect.subKind?.source})`, () => {
      const measurement = byUrl.get(target.url);
      expect(measurement, 'measured').toBeDefined();
      const { verdict } = measurement!;
      expect(
        verdict.blocking,
        JSON.stringify({ verdict, http: { ...measurement!.observation.http, body: undefined } }),
      ).toBe(target.expect.blocking);
      expect(verdict.subKind).toMatch(target.expect.subKind!);
    });
  }

  it('calls refused connections a tcp_ip block when three sites in one run refuse the same way', async () => {
    const refused = ['refused', 'refused2', 'refused3'].map((n) => `http://${n}.lab.test/`);
    const measured = await run([
      { url: 'http://clean.lab.test/', name: 'clean', category: 'news' },
      ...refused.map((url) => ({ url, name: url, category: 'news' as const })),
    ]);
    for (const url of refused) {
      expect(measured.get(url)!.verdict, url).toMatchObject({
        blocking: 'tcp_ip',
        subKind: 'tcp_ip/refused',
      });
    }
  });

  it('keeps a reset after the ClientHello as possible TLS interference when the control without SNI never finishes', async () => {
    const url = 'https://sni-slow.lab.test/';
    const { verdict } = (await run([{ url, name: 'sni-slow', category: 'messengers' }])).get(url)!;
    expect(verdict, JSON.stringify(verdict)).toMatchObject({
      blocking: 'tls',
      subKind: 'tls/reset-after-hello',
      confidence: 'possible',
    });
    expect(verdict.evidence.map((e) => e.code)).toEqual(['net-error', 'sni-control-unfinished']);
  });

  it('weighs a small notice against the page the site served before', async () => {
    const big = [{ url: 'http://bigsite.lab.test/', name: 'big', category: 'news' as const }];
    expect((await run(big)).get(big[0]!.url)!.verdict.subKind).toBe('accessible/ok');
    lab.setPolicy('bigsite.lab.test', 'notice');
    try {
      const notice = (await run(big)).get(big[0]!.url)!.verdict;
      expect(notice).toMatchObject({ blocking: 'http-blockpage', confidence: 'likely' });
      expect(notice.evidence.map((e) => e.code)).toContain('size-drop');
    } finally {
      lab.resetPolicies();
    }
  });

  it('says "not checked: sign in first" for every site behind a captive portal', async () => {
    lab.play('captive');
    try {
      const sites: PresetTarget[] = [
        { url: 'https://telegram.lab.test/', name: 'telegram', category: 'messengers' },
        { url: 'http://azattyq.lab.test/', name: 'azattyq', category: 'news' },
      ];
      const measured = await run(sites);
      for (const { url } of sites) {
        expect(measured.get(url)!.verdict, url).toMatchObject({
          blocking: 'inconclusive',
          subKind: 'inconclusive/captive-portal',
        });
      }
    } finally {
      lab.play('normal');
    }
  });
});
