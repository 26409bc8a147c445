import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeasurementRecord, OutboxRecord, RunRecord } from '../../lib/db';
import { axeViolations } from './harness/axe';
import { launchChromium, type ChromiumSession } from './harness/chromium';
import { readStore, runAndWait, send } from './harness/extension-api';
import { acceptLabEndpoints } from './harness/lab-endpoints';
import { labPreset, type PresetTarget } from './harness/lab-preset';
import { startLabSession, type LabSession } from './harness/session';

// Contributing measurements (issues #6, #12), end to end: the built extension in Chromium, the
// lab's OONI check-in and collector on api.lab.test. The check-in, like OONI's, tells no address;
// one target (echo.lab.test) shows the visitor the address it really came from, in a redirect's
// query, the title, the body and headers, with a MAC and a session token, as a captive portal
// might: none of it may reach the collector.

const TARGETS: PresetTarget[] = [
  { url: 'https://clean.lab.test/', name: 'clean', category: 'news' },
  { url: 'http://echo.lab.test/', name: 'echo', category: 'news' },
  { url: 'https://example.lab.test/', name: 'example', category: 'control-global' },
  { url: 'https://egov.lab.test/', name: 'egov', category: 'control-domestic' },
  { url: 'http://kaspi.lab.test/', name: 'kaspi', category: 'control-domestic' },
  { url: 'https://reset.lab.test/', name: 'reset', category: 'news' },
  { url: 'https://nxdomain.lab.test/', name: 'nxdomain', category: 'news' },
];
const INPUTS = TARGETS.map((t) => t.url).sort();
const MALFORMED = 'http://kaspi.lab.test/';

let session: LabSession;
let chromium: ChromiumSession;
let page: Page;
const profile = mkdtempSync(join(tmpdir(), 'vantage-contribute-profile-'));

const received = () => session.lab.collector.received.map((r) => r.content);
const key = (m: { input?: unknown; measurement_start_time?: unknown }) =>
  `${m.input} ${m.measurement_start_time}`;
const outbox = () => readStore<OutboxRecord>(page, 'outbox');
const outboxOf = async (runId: string) => (await outbox()).filter((r) => r.runId === runId);
const everyByte = () =>
  session.lab.requests
    .map((r) => `${r.method} ${r.path}\n${JSON.stringify(r.headers)}\n${r.body}`)
    .join('\n');
const contributionRequests = () =>
  session.lab.requests.filter((r) => r.path === '/api/v1/check-in' || r.path.startsWith('/report'));

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  session = await startLabSession({ userDataDir: profile });
  chromium = session.browser;
  page = await chromium.openPage('options.html');
  const imported = await send(page, 'importSettings', {
    json: labPreset(TARGETS, { requestTimeoutMs: 4_000 }),
  });
  expect(imported.ok).toBe(true);
  await acceptLabEndpoints(page);
  // The install-time run (default pack) closes first, so each run below is ours alone.
  await waitFor('the install-time run to close', 20_000, async () => {
    const runs = await readStore<RunRecord>(page, 'runs');
    if (runs.some((r) => r.trigger === 'install') && runs.every((r) => r.status !== 'running')) return true;
    await send(page, 'cancelRun', {});
    return undefined;
  });
}, 60_000);
afterAll(async () => {
  await chromium?.close();
  await session?.close();
  rmSync(profile, { recursive: true, force: true });
});

describe('consent off (the default)', () => {
  it('sends nothing: no check-in, no report, nothing queued', async () => {
    const { measurements } = await runAndWait(page);
    expect(measurements).toHaveLength(TARGETS.length);
    await page.waitForTimeout(2_000);
    expect(contributionRequests()).toEqual([]);
    expect(await outbox()).toEqual([]);
  });
});

describe('consent given in the options panel', () => {
  it('shows what is sent, what never is and who receives it before anything is on', async () => {
    await page.reload();
    await page.getByTestId('contribute-enable').click();
    const disclosure = await page.getByTestId('contribute-disclosure').innerText();
    expect(disclosure).toContain('What is sent');
    expect(disclosure).toContain('What is never sent');
    expect(disclosure).toContain('Your IP address');
    expect(disclosure).toContain('api.lab.test');
    // Not on until confirmed.
    expect(await page.getByTestId('contribute-state').innerText()).toContain('off');
    await page.getByTestId('contribute-include-user').check();
    await page.getByTestId('contribute-confirm').click();
    await page.getByTestId('contribute-state').filter({ hasText: 'on' }).waitFor();
    expect(contributionRequests()).toEqual([]);
  });

  let run: { run: RunRecord; measurements: MeasurementRecord[] };
  it('sends the next run in OONI format, one fresh report for the run', async () => {
    run = await runAndWait(page);
    await waitFor('the run to arrive', 30_000, async () =>
      received().length >= TARGETS.length ? true : undefined,
    );
    const contents = received();
    expect(contents.map((m) => m.input).sort()).toEqual(INPUTS);
    const reportIds = new Set(session.lab.collector.received.map((r) => r.reportId));
    expect(reportIds.size).toBe(1);
    const report = session.lab.collector.reports.get([...reportIds][0]!)!;
    expect(report.header).toMatchObject({ probe_cc: 'KZ', probe_asn: 'AS9198', test_name: 'browser_web' });
    await waitFor('the report to be closed', 5_000, async () => (report.closed ? true : undefined));
    for (const m of contents) {
      expect(m).toMatchObject({
        data_format_version: '0.2.0',
        probe_cc: 'KZ',
        probe_asn: 'AS9198',
        probe_ip: '127.0.0.1',
        report_id: report.id,
        software_name: 'vantage',
        test_name: 'browser_web',
        test_version: '0.1.0',
      });
      expect(m.measurement_start_time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      expect(m.test_keys).toMatchObject({
        browser: 'chromium',
        result: expect.stringMatching(/^(ok|error)$/),
      });
      expect(m.test_keys).toHaveProperty('load_time_ms');
      expect(m.test_keys).toHaveProperty('vantage_verdict');
    }
    const reset = contents.find((m) => m.input === 'https://reset.lab.test/')!;
    expect(reset.test_keys).toMatchObject({ result: 'error', blocking: 'tcp_ip', accessible: false });
  });

  it('no byte the echo site showed about the visitor reaches the lab (the allow-list)', async () => {
    // The stored measurement has it all: the address this browser came from, in the title.
    const echo = run.measurements.find((m) => m.targetId === 'http://echo.lab.test/')!;
    const address = /Your IP is (\S+)/.exec(echo.observation.http.title ?? '')?.[1];
    expect(address).toMatch(/^(::ffff:)?127\.\d+\.\d+\.\d+$/);
    expect(echo.observation.http.finalUrl).toContain('ip=');
    const sent = received().find((m) => m.input === 'http://echo.lab.test/')!;
    expect(sent.test_keys).toMatchObject({ vantage_http: { final_url: 'http://echo.lab.test/' } });
    // Every byte the lab received, less OONI's fixed probe_ip placeholder (127.0.0.1 for all).
    const bytes = everyByte().replaceAll('"probe_ip":"127.0.0.1"', '');
    expect(session.lab.requests.length).toBeGreaterThan(TARGETS.length);
    const v4 = address!.replace(/^::ffff:/, '');
    for (const secret of [v4, v4.replaceAll('.', '-'), 'Your IP is', 'ip=', 'aa:bb:cc', 'echo-session-token'])
      expect(bytes).not.toContain(secret);
    expect(JSON.stringify(await outbox()).replaceAll('"probe_ip":"127.0.0.1"', '')).not.toContain(v4);
  });

  it('sends no identifier of this installation: no cookie, only the public extension id', async () => {
    const requests = contributionRequests();
    expect(requests.length).toBeGreaterThan(2);
    // What Chromium itself adds to an extension's fetch; anything new must be looked at.
    const allowed =
      /^(host|connection|content-length|content-type|origin|user-agent|accept|accept-encoding|accept-language|cache-control|pragma|priority|sec-fetch-(site|mode|dest|storage-access)|sec-ch-ua(-mobile|-platform)?)$/;
    for (const request of requests) {
      expect(Object.keys(request.headers).filter((name) => !allowed.test(name))).toEqual([]);
      const values = JSON.stringify(request.headers);
      expect(values).not.toContain('moz-extension://');
      // The store build's id is the same for every install (docs/contribute.md).
      for (const origin of values.match(/chrome-extension:\/\/[a-z]+/g) ?? [])
        expect(origin).toBe(`chrome-extension://${chromium.extensionId}`);
    }
  });

  it("does not send the user's own sites once that permission is withdrawn", async () => {
    await page.getByTestId('contribute-include-user').uncheck();
    const before = received().length;
    const queued = (await outbox()).length;
    await runAndWait(page);
    await page.waitForTimeout(2_000);
    expect(received()).toHaveLength(before);
    expect(await outbox()).toHaveLength(queued);
    await page.getByTestId('contribute-include-user').check();
  });
});

describe('the collector down for a while', () => {
  it('loses nothing: the run waits in the outbox, then arrives by itself once it is back', async () => {
    session.lab.collector.mode = 'reset';
    const before = received().length;
    const { run } = await runAndWait(page);
    const waiting = await waitFor('the run to be queued and tried', 20_000, async () => {
      const records = await outboxOf(run.id);
      return records.length === TARGETS.length && records.every((r) => r.attempts >= 1) ? records : undefined;
    });
    expect(waiting.every((r) => r.status === 'pending' && r.error)).toBe(true);
    await page.waitForTimeout(3_000);
    expect(received()).toHaveLength(before);

    session.lab.collector.mode = 'up';
    await waitFor('the queued run to arrive', 60_000, async () =>
      (await outboxOf(run.id)).every((r) => r.status === 'sent') ? true : undefined,
    );
    const keys = new Set((await outboxOf(run.id)).map((r) => key(r.measurement)));
    const arrived = received().filter((m) => keys.has(key(m)));
    expect(arrived.map((m) => m.input).sort()).toEqual(INPUTS);
  });
});

describe('a collector refusing one malformed measurement', () => {
  it('marks that one failed with the reason; the rest go through', async () => {
    session.lab.collector.reject = (c) => (c.input === MALFORMED ? 'malformed measurement (lab)' : undefined);
    const before = received().length;
    const { run } = await runAndWait(page);
    const records = await waitFor('every record to be settled', 30_000, async () => {
      const all = await outboxOf(run.id);
      return all.length === TARGETS.length && all.every((r) => r.status !== 'pending') ? all : undefined;
    });
    session.lab.collector.reject = undefined;
    const failed = records.filter((r) => r.status === 'failed');
    expect(failed.map((r) => r.measurement.input)).toEqual([MALFORMED]);
    expect(failed[0]!.error).toBe('HTTP 400: {"error":"malformed measurement (lab)"}');
    expect(received().length - before).toBe(TARGETS.length - 1);

    // The panel shows it, with the collector's reason, and the exact JSON that was tried.
    await page.reload();
    const item = page.locator('[data-testid=contribute-item][data-status=failed]').first();
    expect(await item.innerText()).toContain('malformed measurement (lab)');
    await item.locator('summary').click();
    const shown = JSON.parse(await item.getByTestId('contribute-json').innerText()) as unknown;
    expect(shown).toEqual(failed[0]!.measurement);
  });

  it('keeps the options page accessible with the panel full (axe)', async () => {
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe('the browser restarted with a full outbox', () => {
  it('sends everything after the restart, exactly once', async () => {
    session.lab.collector.mode = '503';
    const { run } = await runAndWait(page);
    const queued = await waitFor('the run to be queued and tried', 20_000, async () => {
      const records = await outboxOf(run.id);
      return records.length === TARGETS.length && records.every((r) => r.attempts >= 1) ? records : undefined;
    });
    const keys = new Set(queued.map((r) => key(r.measurement)));
    await chromium.close();

    session.lab.collector.mode = 'up';
    chromium = await launchChromium({
      resolverRules: session.lab.resolverRules,
      home: session.home,
      userDataDir: profile,
    });
    page = await chromium.openPage('options.html');
    await waitFor('the queued run to arrive after the restart', 60_000, async () =>
      (await outboxOf(run.id)).every((r) => r.status === 'sent') ? true : undefined,
    );
    await page.waitForTimeout(2_000);
    const arrived = received().filter((m) => keys.has(key(m)));
    expect(arrived.map((m) => m.input).sort()).toEqual(INPUTS);
    // Over the whole session: no measurement arrived twice.
    const all = received().map(key);
    expect(all.length - new Set(all).size).toBe(0);
  });
});

describe('wiping everything', () => {
  it('removes the outbox and the contribution state, and nothing is sent afterwards', async () => {
    session.lab.collector.mode = '503';
    const { run } = await runAndWait(page);
    await waitFor('the run to be queued', 20_000, async () =>
      (await outboxOf(run.id)).length === TARGETS.length ? true : undefined,
    );
    await send(page, 'wipeEverything', {});
    session.lab.collector.mode = 'up';
    const before = session.lab.requests.length;
    const stored = await page.evaluate(() =>
      (
        globalThis as unknown as { chrome: { storage: { local: { get(): Promise<object> } } } }
      ).chrome.storage.local.get(),
    );
    expect(Object.keys(stored)).not.toContain('contributeState');
    expect(await outbox()).toEqual([]);
    // The quick retry (10 s) would have come by now.
    await page.waitForTimeout(12_000);
    expect(session.lab.requests.slice(before).filter((r) => r.path.startsWith('/report'))).toEqual([]);
  });
});
