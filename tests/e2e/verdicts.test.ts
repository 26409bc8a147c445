import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeasurementRecord, RunRecord } from '../../lib/db';
import { readStore, runAndWait, send } from './harness/extension-api';
import { acceptLabEndpoints } from './harness/lab-endpoints';
import { labPreset, SCENARIO_TARGETS } from './harness/lab-preset';
import { labIp } from '../lab';
import { startLabSession, type LabSession } from './harness/session';

let session: LabSession;
let page: Page;
let byUrl: Map<string, MeasurementRecord>;

beforeAll(async () => {
  session = await startLabSession();
  page = await session.browser.openPage('options.html');
  // A resolver that answers garbage must cost nothing but its own answer. It is asked first: the
  // others are asked only when the first's opinion is not enough (lib/probe/second-opinion.ts),
  // so every site here needs them.
  const dohResolvers = [
    'https://garbage-doh.lab.test/dns-query',
    'https://doh1.lab.test/dns-query',
    'https://doh2.lab.test/dns-query',
  ];
  const imported = await send(page, 'importSettings', {
    json: labPreset(SCENARIO_TARGETS, { dohResolvers }),
  });
  expect(imported.ok).toBe(true);
  await acceptLabEndpoints(page);
  const { measurements } = await runAndWait(page);
  byUrl = new Map(measurements.map((m) => [m.observation.target.url, m]));
});
afterAll(() => session?.close());

describe('verdicts the real extension reaches in the lab (Chromium)', () => {
  it('measures every scenario in one run, side by side rather than one after another', () => {
    expect(byUrl.size).toBe(SCENARIO_TARGETS.length);
    // Read from the measurements' own clocks, not the test's: on a loaded machine every request
    // is slower, but run one after another the sites would span the sum of their times. Side by
    // side, the run spans well under half of it (idle here: about a tenth).
    const spans = [...byUrl.values()].map(({ observation }) => {
      const start = Date.parse(observation.startedAt);
      return { start, end: start + observation.http.timing.endMs, took: observation.http.timing.endMs };
    });
    const sum = spans.reduce((total, { took }) => total + took, 0);
    const run = Math.max(...spans.map((s) => s.end)) - Math.min(...spans.map((s) => s.start));
    expect(run, `run ${run} ms, sites one after another ${sum} ms`).toBeLessThan(sum / 2);
  });

  for (const target of SCENARIO_TARGETS) {
    it(`classifies ${target.url} as ${target.expect.blocking}${target.expect.subKind ? ` (${target.expect.subKind.source})` : ''}`, () => {
      const measurement = byUrl.get(target.url);
      expect(measurement, 'measured').toBeDefined();
      const { verdict } = measurement!;
      expect(
        verdict.blocking,
        JSON.stringify({ verdict, http: { ...measurement!.observation.http, body: undefined } }),
      ).toBe(target.expect.blocking);
      if (target.expect.subKind) expect(verdict.subKind).toMatch(target.expect.subKind);
      expect(verdict.evidence.length).toBeGreaterThan(0);
    });
  }

  it('records the address actually connected to and both resolvers’ answers', () => {
    const poisoned = byUrl.get('http://poisoned.lab.test/')!;
    expect(poisoned.observation.http.ip).toBe(labIp(14));
    expect(poisoned.observation.dns.filter((d) => d.ok).map((d) => d.addresses[0])).toEqual([
      labIp(13),
      labIp(13),
    ]);
  });

  // Issue #13: what one measurement cannot show alone.
  const checkOnly = async (
    targets: { url: string; name: string; category: 'news' | 'other' | 'messengers' }[],
  ) => {
    expect((await send(page, 'importSettings', { json: labPreset(targets) })).ok).toBe(true);
    const { measurements } = await runAndWait(page);
    return new Map(measurements.map((m) => [m.observation.target.url, m]));
  };

  it('resolves the hidden redirect target over DoH and names it in the evidence', () => {
    const hidden = byUrl.get('http://redirect-hidden.lab.test/')!;
    expect(hidden.observation.redirectDns?.map((hop) => hop.host)).toEqual(['hidden.lab.test']);
    expect(hidden.verdict.confidence).toBe('confirmed');
    expect(hidden.verdict.evidence[0]!.detail).toContain('hidden.lab.test');
  });

  it('calls refused connections a tcp_ip block when three sites in one run refuse the same way', async () => {
    const refused = ['refused', 'refused2', 'refused3'].map((n) => `https://${n}.lab.test/`);
    const measured = await checkOnly([
      { url: 'https://clean.lab.test/', name: 'clean', category: 'news' },
      ...refused.map((url) => ({ url, name: url, category: 'news' as const })),
    ]);
    for (const url of refused) {
      expect(measured.get(url)!.verdict).toMatchObject({ blocking: 'tcp_ip', subKind: 'tcp_ip/refused' });
      expect(measured.get(url)!.verdict.evidence.map((e) => e.code)).toContain('same-failure-elsewhere');
    }
  });

  it('keeps a reset after the ClientHello as possible TLS interference when the control without SNI never finishes', async () => {
    // Not an address block: nothing reset or refused the address; our control only ran out of time.
    const url = 'https://sni-slow.lab.test/';
    const { verdict } = (await checkOnly([{ url, name: 'sni-slow', category: 'messengers' }])).get(url)!;
    expect(verdict, JSON.stringify(verdict)).toMatchObject({
      blocking: 'tls',
      subKind: 'tls/reset-after-hello',
      confidence: 'possible',
    });
    expect(verdict.evidence.map((e) => e.code)).toEqual(['net-error', 'sni-control-unfinished']);
  });

  it('weighs a small notice against the page the site served before', async () => {
    const big = [{ url: 'https://bigsite.lab.test/', name: 'big', category: 'news' as const }];
    expect((await checkOnly(big)).get(big[0]!.url)!.verdict.subKind).toBe('accessible/ok');
    session.lab.setPolicy('bigsite.lab.test', 'notice');
    try {
      const notice = (await checkOnly(big)).get(big[0]!.url)!.verdict;
      expect(notice).toMatchObject({
        blocking: 'http-blockpage',
        subKind: 'http-blockpage/wording',
        confidence: 'likely',
      });
      expect(notice.evidence.find((e) => e.code === 'size-drop')?.detail).toMatch(
        /^the page is 1 KB where this site usually serves 29\d KB$/,
      );
    } finally {
      session.lab.resetPolicies();
    }
  });

  it('says "not checked: sign in first" for every site behind a captive portal', async () => {
    session.lab.play('captive');
    try {
      const sites = [
        { url: 'https://telegram.lab.test/', name: 'telegram', category: 'messengers' as const },
        { url: 'http://azattyq.lab.test/', name: 'azattyq', category: 'news' as const },
        { url: 'https://example.lab.test/', name: 'example', category: 'other' as const },
      ];
      const measured = await checkOnly(sites);
      for (const { url } of sites) {
        const { verdict } = measured.get(url)!;
        expect(verdict, url).toMatchObject({
          blocking: 'inconclusive',
          subKind: 'inconclusive/captive-portal',
        });
        expect(verdict.evidence[0]!.detail).toBe('not checked: sign in to the network first');
      }
    } finally {
      session.lab.play('normal');
    }
  });

  it('reports a resolver that answers garbage as failed, with the reason, without spoiling the verdict', () => {
    const clean = byUrl.get('https://clean.lab.test/')!;
    const garbage = clean.observation.dns.find((d) => d.resolver.includes('garbage-doh'))!;
    expect(garbage.ok).toBe(false);
    expect(garbage.error).toMatch(/garbage/);
    expect(clean.verdict.blocking).toBe('accessible');
  });

  it('exports the measurements as OONI JSON Lines', async () => {
    const { jsonl, count } = await send(page, 'exportMeasurements', {});
    const lines = jsonl
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    // The install-time run's measurements (cancelled early) are exported too.
    expect(lines).toHaveLength(count);
    const inputs = new Set(lines.map((l) => l.input));
    for (const target of SCENARIO_TARGETS) expect(inputs.has(target.url)).toBe(true);
    expect(lines[0]).toMatchObject({
      data_format_version: '0.2.0',
      test_name: 'browser_web',
      probe_ip: '127.0.0.1',
      software_name: 'vantage',
    });
    const sni = lines.find((l) => l.input === 'https://sni-blocked.lab.test/');
    expect(sni.test_keys.blocking).toBe('tls');
  });

  it('diagnoses a page the user just failed to open', async () => {
    const tab = await session.browser.context.newPage();
    await tab.goto('https://sni-blocked.lab.test/').catch(() => undefined);
    await tab.close();
    await expect
      .poll(
        async () => {
          const runs = await readStore<RunRecord>(page, 'runs');
          const run = runs.find((r) => r.trigger === 'navigation-error' && r.status === 'done');
          if (!run) return undefined;
          const [measurement] = (await readStore<MeasurementRecord>(page, 'measurements')).filter(
            (m) => m.runId === run.id,
          );
          return measurement?.verdict.subKind;
        },
        { timeout: 20_000 },
      )
      .toBe('tls/reset-after-hello');
  });

  it('shows the outage log and a per-site timeline on the history page', async () => {
    const history = await session.browser.openPage('timeline.html');
    await history.getByTestId('outages').waitFor();
    expect(await history.locator('[data-testid=outages] li[data-state=selective]').count()).toBeGreaterThan(
      0,
    );
    // One row per measured site, each with a coloured square for today.
    expect(await history.locator('table.timeline').nth(1).locator('tr').count()).toBeGreaterThanOrEqual(
      SCENARIO_TARGETS.length,
    );
    await history.close();
  });

  it('shows what others measured for a site in the user’s country, from the OONI API, once the user checks it', async () => {
    await send(page, 'importSettings', { json: labPreset([], { packId: 'kz', scheduleMinutes: 0 }) });
    const before = session.lab.requests.length;
    const popup = await session.browser.openPage(
      `popup.html?site=${encodeURIComponent('https://telegram.lab.test/')}`,
    );
    // Opening the popup asks nobody about the page: only checking it does.
    await popup.getByTestId('connection-banner').waitFor();
    await popup.waitForTimeout(500);
    const askedEarly = session.lab.requests
      .slice(before)
      .filter((r) => r.path.startsWith('/api/v1/aggregation'));
    expect(askedEarly).toEqual([]);
    await popup.getByRole('button', { name: 'Check this site' }).click();
    await popup.getByTestId('tab-verdict').waitFor();
    const others = popup.getByTestId('others-see');
    await others.waitFor();
    expect(await others.textContent()).toContain('57 measurements: 41 anomalies, 3 confirmed blocks');
    const asked = session.lab.requests.find((r) => r.path.startsWith('/api/v1/aggregation'));
    expect(asked?.path).toMatch(/probe_cc=KZ&domain=telegram\.lab\.test/);
    await popup.close();
  });
});
