import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeasurementRecord, RunRecord } from '../../lib/db';
import { benchHosts } from '../lab';
import { readStore, send } from './harness/extension-api';
import { labPreset, type PresetTarget } from './harness/lab-preset';
import { startLabSession, type LabSession } from './harness/session';
import { stopServiceWorker } from './harness/worker-cdp';

// An MV3 service worker can be stopped at any moment (idle timeout, memory pressure, an update).
// A run it was in the middle of must keep what it already measured and must not be left
// "running" for ever, nor measure a site twice.

const TIMEOUT_MS = 8_000;
/** Answer at once. */
const FAST: PresetTarget[] = [
  { url: 'https://clean.lab.test/', name: 'clean', category: 'news' },
  { url: 'https://example.lab.test/', name: 'example', category: 'control-global' },
  { url: 'https://wikipedia.lab.test/', name: 'wikipedia', category: 'control-global' },
  { url: 'https://egov.lab.test/', name: 'egov', category: 'control-domestic' },
  { url: 'http://kaspi.lab.test/', name: 'kaspi', category: 'control-domestic' },
];
/** Never answer: each holds its lane until the 8 s timeout (HTTPS ones, then a no-SNI control). */
const SLOW: PresetTarget[] = [
  ...benchHosts(4, 4).map((host, i) => ({
    url: `${i % 2 ? 'http' : 'https'}://${host.name}/`,
    name: host.name,
    category: 'news' as const,
  })),
  { url: 'http://blackhole.lab.test/', name: 'blackhole', category: 'news' },
];
const TARGETS = [...FAST, ...SLOW];

let session: LabSession;
let page: Page;
let runId: string;
/** Measurements of the run as stored the moment the worker was gone. */
let beforeKill: MeasurementRecord[];
let runAtKill: RunRecord;
let after: { run: RunRecord; measurements: MeasurementRecord[] };
let workerCameBack = false;

const runRecord = async (id: string) => (await readStore<RunRecord>(page, 'runs')).find((r) => r.id === id);
const measurementsOf = async (id: string) =>
  (await readStore<MeasurementRecord>(page, 'measurements')).filter((m) => m.runId === id);

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(100);
  }
}

beforeAll(async () => {
  session = await startLabSession({ lab: { extraHosts: benchHosts(4, 4) } });
  page = await session.browser.openPage('options.html');
  const imported = await send(page, 'importSettings', {
    json: labPreset(TARGETS, { requestTimeoutMs: TIMEOUT_MS, concurrency: 16 }),
  });
  expect(imported.ok).toBe(true);

  // Let the install-time run (default pack) close first, so ours is the only one running.
  await waitFor('the install-time run to close', 20_000, async () => {
    const runs = await readStore<RunRecord>(page, 'runs');
    if (runs.some((r) => r.trigger === 'install') && runs.every((r) => r.status !== 'running')) return true;
    await send(page, 'cancelRun', {});
    return undefined;
  });

  const started = await send(page, 'checkNow', {});
  expect(started.alreadyRunning).toBe(false);
  runId = started.runId;
  // The fast sites finish within a second; the blackholed ones are still waiting.
  await waitFor('a first stored measurement', 10_000, async () =>
    (await measurementsOf(runId)).length > 0 ? true : undefined,
  );

  await stopServiceWorker(session.browser, page);
  // Read while no worker runs: reading the database from a page does not wake it.
  beforeKill = await measurementsOf(runId);
  runAtKill = (await runRecord(runId))!;

  // Wake it as any page would: a message.
  const pong = await send(page, 'ping', { sentAt: Date.now() });
  workerCameBack = pong.version.length > 0;
  // A resumed run measures the rest (one timeout plus a no-SNI control); allow for two.
  after = await waitFor('the interrupted run to be closed', 3 * TIMEOUT_MS, async () => {
    const run = await runRecord(runId);
    return run && run.status !== 'running' ? { run, measurements: await measurementsOf(runId) } : undefined;
  });
}, 60_000);
afterAll(() => session?.close());

describe('killing the worker mid-run loses no finished measurement', () => {
  it('stopped the worker while the run was still going', () => {
    expect(runAtKill.status).toBe('running');
    expect(beforeKill.length).toBeGreaterThan(0);
    expect(beforeKill.length, 'the blackholed sites were not finished yet').toBeLessThan(TARGETS.length);
    // The run's progress is its stored measurements (lib/run/store.ts): the record is not
    // rewritten per target, so at the kill it still holds what it was started with.
    expect(runAtKill.doneTargetIds).toEqual([]);
    expect(workerCameBack).toBe(true);
  });

  it('keeps every measurement stored before the kill, unchanged', () => {
    const now = new Map(after.measurements.map((m) => [m.id, m]));
    for (const m of beforeKill) expect(now.get(m.id), m.targetId).toEqual(m);
  });

  it('does not leave the run stuck "running": the new worker resumes it, or closes it as partial', () => {
    expect(['done', 'partial']).toContain(after.run.status);
    expect(after.run.finishedAt).toBeGreaterThan(after.run.startedAt);
    expect(after.run.connection, 'a closed run carries its assessment').toBeDefined();
    if (after.run.status === 'done') {
      // Resumed: every target measured, the blackholed ones as blocked at the TCP level.
      expect([...after.run.doneTargetIds].sort()).toEqual(TARGETS.map((t) => t.url).sort());
      for (const target of SLOW) {
        const m = after.measurements.find((x) => x.targetId === target.url);
        expect(m?.verdict.blocking, target.url).toBe('tcp_ip');
      }
    } else {
      expect([...after.run.doneTargetIds].sort()).toEqual(beforeKill.map((m) => m.targetId).sort());
    }
  });

  it('measures no target twice within the run', () => {
    const perTarget = new Map<string, number>();
    for (const m of after.measurements) perTarget.set(m.targetId, (perTarget.get(m.targetId) ?? 0) + 1);
    const twice = [...perTarget].filter(([, count]) => count > 1);
    expect(twice).toEqual([]);
    expect(new Set(after.run.doneTargetIds).size).toBe(after.run.doneTargetIds.length);
    expect(after.measurements).toHaveLength(after.run.doneTargetIds.length);
  });
});

// The likeliest wake-up of a stopped worker is the user pressing "Check now" in the popup. The new
// worker then both recovers the interrupted run and handles the click; "Check now" means "start a
// run, or join the one in progress" (lib/messaging/protocol.ts), so it must join the run being
// resumed — not start a second one beside it, and never measure a target twice.
describe('"Check now" waking a worker that was stopped mid-run', () => {
  let interrupted: string;
  let answer: { runId: string; alreadyRunning: boolean };
  let runs: RunRecord[];
  let measurements: MeasurementRecord[];

  beforeAll(async () => {
    const started = await send(page, 'checkNow', {});
    expect(started.alreadyRunning).toBe(false);
    interrupted = started.runId;
    await waitFor('a first stored measurement', 10_000, async () =>
      (await measurementsOf(interrupted)).length > 0 ? true : undefined,
    );
    await stopServiceWorker(session.browser, page);
    const since = Date.now();
    answer = await send(page, 'checkNow', {});
    runs = await waitFor('every run to be closed', 3 * TIMEOUT_MS, async () => {
      const all = await readStore<RunRecord>(page, 'runs');
      return all.every((r) => r.status !== 'running')
        ? all.filter((r) => r.id === interrupted || r.startedAt >= since)
        : undefined;
    });
    const ids = new Set(runs.map((r) => r.id));
    measurements = (await readStore<MeasurementRecord>(page, 'measurements')).filter((m) => ids.has(m.runId));
  }, 60_000);

  it('measures no target twice within any run', () => {
    for (const run of runs) {
      const targets = measurements.filter((m) => m.runId === run.id).map((m) => m.targetId);
      expect(targets.length - new Set(targets).size, `targets measured twice in ${run.id}`).toBe(0);
    }
  });

  it('closes the interrupted run with every target measured', () => {
    const run = runs.find((r) => r.id === interrupted)!;
    expect(run.status).toBe('done');
    expect([...run.doneTargetIds].sort()).toEqual(TARGETS.map((t) => t.url).sort());
  });

  it('joins the run being resumed instead of starting a second one', () => {
    expect(answer).toEqual({ runId: interrupted, alreadyRunning: true });
    expect(runs.map((r) => r.id)).toEqual([interrupted]);
  });
});
