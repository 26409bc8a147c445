import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WxtBrowser as Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { closeDatabase, openDatabase, type RunRecord } from '../../../lib/db';
import { createEngine, type Engine, type EngineHooks } from '../../../lib/engine/engine';
import { engineStatus, STATUS_KEY } from '../../../lib/engine/status';
import { getRun, measurementsOfRun } from '../../../lib/run/store';
import { saveSettings } from '../../../lib/settings';
import type { Target } from '../../../lib/targets/types';

/**
 * The engine as the background uses it: WXT's fake browser (storage), fake-indexeddb, and a
 * network that fails every request the way a browser's fetch does when nothing answers
 * (a TypeError) — held until the test lets it go, so "a run in progress" is a state the test
 * controls, never a duration. Nothing leaves the machine.
 */
// Three sites: with none answering, that is enough to name a connection state (connectivity/assess).
const targets: Target[] = ['https://a.example/', 'https://b.example/', 'https://c.example/'].map((url) => ({
  id: url,
  url,
  name: url,
  category: 'news',
  source: 'user',
}));

let release: () => void;
let engines: Engine[] = [];
const engineFor = (hooks?: EngineHooks) => {
  const engine = createEngine(testBrowser(), 'chromium', hooks);
  engines.push(engine);
  return engine;
};
let network: Promise<void>;
function holdTheNetwork() {
  network = new Promise((resolve) => (release = resolve));
}
function failingFetch(_input: unknown, init?: RequestInit): Promise<Response> {
  return new Promise((_, reject) => {
    const fail = () => reject(new TypeError('Failed to fetch'));
    init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    void network.then(fail);
  });
}

/** The fake browser, with webRequest events that only register (it implements none). */
function testBrowser(): Browser {
  const event = () => ({ addListener: () => {}, removeListener: () => {}, hasListener: () => false });
  const webRequest = {
    onBeforeRequest: event(),
    onBeforeRedirect: event(),
    onResponseStarted: event(),
    onCompleted: event(),
    onErrorOccurred: event(),
    onHeadersReceived: event(),
  };
  return { ...fakeBrowser, webRequest } as unknown as Browser;
}

async function runs(): Promise<RunRecord[]> {
  return (await openDatabase()).getAll('runs');
}

beforeEach(async () => {
  fakeBrowser.reset();
  await closeDatabase();
  indexedDB.deleteDatabase('vantage');
  holdTheNetwork();
  vi.stubGlobal('fetch', failingFetch);
  await saveSettings({
    packId: 'none',
    customTargets: targets,
    consent: { choice: 'manual', at: 1 },
    requestTimeoutMs: 2_000,
  });
});
afterEach(async () => {
  // No run of one test may write into the next one's database.
  release();
  await Promise.all(engines.map((engine) => engine.halt()));
  engines = [];
  vi.unstubAllGlobals();
});

describe('createEngine', () => {
  it('checkNow answers with the id of the run it started, and that run completes', async () => {
    const engine = engineFor();
    const { runId, alreadyRunning } = await engine.checkNow('manual');
    expect(alreadyRunning).toBe(false);
    // The id is the stored run's, known before the run ends.
    expect((await getRun(await openDatabase(), runId))?.status).toBe('running');
    release();
    await expect.poll(async () => (await getRun(await openDatabase(), runId))?.status).toBe('done');
    const measured = await measurementsOfRun(await openDatabase(), runId);
    expect(measured.map((m) => m.targetId).sort()).toEqual(targets.map((t) => t.id));
  });

  it('a Stop right after "Check now" cancels the run (it can come before the run record is written)', async () => {
    const engine = engineFor();
    const { runId } = await engine.checkNow('manual');
    expect(engine.cancel()).toBe(true);
    // The connectivity check is not the sites': it ends by its own timeout, here by the network.
    release();
    await expect.poll(async () => (await getRun(await openDatabase(), runId))?.status).toBe('cancelled');
    expect(await measurementsOfRun(await openDatabase(), runId)).toEqual([]);
  });

  it('halt stops a one-site check in flight too, so nothing is written after a wipe', async () => {
    const engine = engineFor();
    const checking = engine.checkUrl('https://a.example/page', 'navigation-error');
    await expect.poll(async () => (await runs()).map((r) => r.status)).toEqual(['running']);
    await engine.halt();
    expect(await checking).toBeUndefined();
    expect((await runs()).map((r) => r.status)).toEqual(['cancelled']);
    // The network coming back afterwards writes nothing more.
    release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await (await openDatabase()).getAll('measurements')).toEqual([]);
  });

  it('a second checkNow while a run is in progress joins it instead of starting another', async () => {
    const engine = engineFor();
    const first = await engine.checkNow('manual');
    const second = await engine.checkNow('manual');
    expect(second).toEqual({ runId: first.runId, alreadyRunning: true });
    expect(await runs()).toHaveLength(1);
    release();
    await expect.poll(async () => (await getRun(await openDatabase(), first.runId))?.status).toBe('done');
    // Once it has closed, the next checkNow starts a new run.
    const third = await engine.checkNow('manual');
    expect(third.alreadyRunning).toBe(false);
    expect(third.runId).not.toBe(first.runId);
  });

  it('publishes its progress and the closed run to storage (the popup paints from it)', async () => {
    const engine = engineFor();
    const { runId } = await engine.checkNow('manual');
    await expect.poll(async () => (await engineStatus.getValue()).running?.runId).toBe(runId);
    release();
    await expect.poll(async () => (await engineStatus.getValue()).lastRun?.runId).toBe(runId);
    const status = await engineStatus.getValue();
    expect(status.running).toBeUndefined();
    expect(status.lastRun?.status).toBe('done');
    expect(status.stateSince).toBeTypeOf('number');
    // Same key and shape as before the typed item: existing installs read it unchanged.
    expect((await fakeBrowser.storage.local.get(STATUS_KEY))[STATUS_KEY]).toEqual(status);
  });

  it('calls the hooks: every closed run, and a connection state only when it changes', async () => {
    const onRunClosed = vi.fn<NonNullable<EngineHooks['onRunClosed']>>();
    const onTransition = vi.fn<NonNullable<EngineHooks['onTransition']>>();
    const engine = engineFor({ onRunClosed, onTransition });
    release();
    const first = await engine.checkNow('manual');
    await expect.poll(() => onRunClosed.mock.calls.length).toBe(1);
    expect(onRunClosed).toHaveBeenCalledWith(first.runId);
    await expect.poll(() => onTransition.mock.calls.length).toBe(1);
    const state = (await engineStatus.getValue()).lastRun?.connection?.state;
    expect(state).toBeDefined();
    expect(onTransition).toHaveBeenCalledWith(undefined, state);

    // The same result again: a repeat, not a transition.
    await expect.poll(async () => (await engine.checkNow('manual')).alreadyRunning).toBe(false);
    await expect.poll(() => onRunClosed.mock.calls.length).toBe(2);
    await expect.poll(async () => (await engineStatus.getValue()).lastRun?.runId).not.toBe(first.runId);
    expect(onTransition).toHaveBeenCalledTimes(1);
  });

  it('recover resumes a run the previous worker left a moment ago; checkNow joins it', async () => {
    const stuck: RunRecord = {
      id: 'interrupted',
      trigger: 'alarm',
      startedAt: Date.now() - 60_000,
      status: 'running',
      targetIds: targets.map((t) => t.id),
      doneTargetIds: [],
    };
    await (await openDatabase()).put('runs', stuck);
    const engine = engineFor();
    await engine.recover();
    expect(await engine.checkNow('manual')).toEqual({ runId: 'interrupted', alreadyRunning: true });
    release();
    await expect.poll(async () => (await getRun(await openDatabase(), 'interrupted'))?.status).toBe('done');
    expect(await measurementsOfRun(await openDatabase(), 'interrupted')).toHaveLength(targets.length);
    expect(await runs()).toHaveLength(1);
  });

  it('recover closes an old interrupted run as partial, never leaving it running', async () => {
    await (
      await openDatabase()
    ).put('runs', {
      id: 'old',
      trigger: 'alarm',
      startedAt: Date.now() - 3 * 3_600_000,
      status: 'running',
      targetIds: targets.map((t) => t.id),
      doneTargetIds: [],
    });
    const engine = engineFor();
    await engine.recover();
    await expect.poll(async () => (await getRun(await openDatabase(), 'old'))?.status).toBe('partial');
    // Nothing was resumed: a new check starts its own run.
    expect((await engine.checkNow('manual')).alreadyRunning).toBe(false);
  });
});
