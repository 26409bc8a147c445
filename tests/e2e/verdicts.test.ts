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
let runSeconds: number;

beforeAll(async () => {
  session = await startLabSession();
  page = await session.browser.openPage('options.html');
  // A third resolver that answers garbage must cost nothing but its own answer.
  const dohResolvers = [
    'https://doh1.lab.test/dns-query',
    'https://doh2.lab.test/dns-query',
    'https://garbage-doh.lab.test/dns-query',
  ];
  const imported = await send(page, 'importSettings', {
    json: labPreset(SCENARIO_TARGETS, { dohResolvers }),
  });
  expect(imported.ok).toBe(true);
  await acceptLabEndpoints(page);
  const start = Date.now();
  const { measurements } = await runAndWait(page);
  runSeconds = (Date.now() - start) / 1000;
  byUrl = new Map(measurements.map((m) => [m.observation.target.url, m]));
});
afterAll(() => session?.close());

describe('verdicts the real extension reaches in the lab (Chromium)', () => {
  it('measures every scenario in one run costing about one timeout, not their sum', () => {
    expect(byUrl.size).toBe(SCENARIO_TARGETS.length);
    // 4 s per-request timeout; a sequential run of these would take far longer.
    expect(runSeconds).toBeLessThan(30);
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
