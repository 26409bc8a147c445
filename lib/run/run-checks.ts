import type { Database, MeasurementRecord, RunRecord } from '../db';
import type { CaptiveCheck } from '../probe';
import type { Observation } from '../probe/types';
import type { Target } from '../targets/types';
import { reviseVerdicts } from '../connectivity';
import type { ConnectionAssessment } from '../connectivity/types';
import type { Verdict } from '../verdict/types';
import { forEachConcurrently } from './pool';
import {
  getRun,
  measurementsOfRun,
  putRun,
  saveMeasurement,
  targetsDoneInRun,
  usualBodyBytes,
} from './store';

/**
 * A run's state machine, written down because an MV3 worker can be stopped at any moment:
 *
 *   running ──(every target measured)──► done
 *      │  └──(user cancels)────────────► cancelled
 *      └──(worker stopped; found on next start)──► resumed (still running) or partial
 *
 * A stored measurement is the run's progress (one write, nothing else to keep in step), so
 * whatever point the worker dies at, finished measurements are kept and the run knows which
 * targets remain. The run record is written when the run starts and when it closes, never per
 * target: a run of n targets costs O(n) writes.
 */

export type { ConnectionAssessment } from '../connectivity/types';

export interface RunResult {
  target: Target;
  observation: Observation;
  verdict: Verdict;
}

export interface RunProgress {
  runId: string;
  status: RunRecord['status'];
  done: number;
  total: number;
  connection?: ConnectionAssessment;
}

export interface RunDeps {
  db: Database;
  observe: (target: Target, signal: AbortSignal) => Promise<Observation>;
  classify: (observation: Observation, context?: { usualBodyBytes?: number }) => Verdict;
  checkCaptive: () => Promise<CaptiveCheck>;
  assess: (results: RunResult[], captive: CaptiveCheck) => ConnectionAssessment;
  onProgress?: (progress: RunProgress) => void;
  onMeasurement?: (measurement: MeasurementRecord) => void;
  concurrency: number;
  /** A target still unanswered after this long gives its lane to the next one (see pool.ts). */
  slowAfterMs?: number;
  /** Lanes are given up sooner on a long list, so that every target can start within this (pool.ts). */
  startAllWithinMs?: number;
  /** Cap on targets in flight, slow ones included: bounds sockets and heap. */
  maxInFlight?: number;
  now: () => number;
  newId: () => string;
}

/**
 * Open a run and measure its targets. The run's id comes back at once — the caller shows
 * progress under it and joins it — and `finished` settles when the run closes.
 */
export function startRun(
  trigger: RunRecord['trigger'],
  targets: Target[],
  deps: RunDeps,
  signal?: AbortSignal,
): { runId: string; finished: Promise<RunRecord> } {
  const run: RunRecord = {
    id: deps.newId(),
    trigger,
    startedAt: deps.now(),
    status: 'running',
    targetIds: targets.map((target) => target.id),
    doneTargetIds: [],
  };
  const finished = putRun(deps.db, run).then(() => continueRun(run, targets, deps, signal));
  return { runId: run.id, finished };
}

/** Measure the targets of `run` not yet done, then close the run. Also how a run resumes. */
async function continueRun(
  run: RunRecord,
  targets: Target[],
  deps: RunDeps,
  signal?: AbortSignal,
): Promise<RunRecord> {
  const controller = new AbortController();
  const abort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', abort, { once: true });
  // Cancelled before this point (startRun answers with the run id before the run record is
  // written, so a "Stop" can come first): the listener above would never hear it.
  if (signal?.aborted) abort();
  const done = await targetsDoneInRun(deps.db, run.id);
  const inRun = new Set(run.targetIds);
  const remaining = targets.filter((target) => inRun.has(target.id) && !done.has(target.id));
  let doneCount = done.size;
  const total = run.targetIds.length;
  deps.onProgress?.({ runId: run.id, status: 'running', done: doneCount, total });

  const captive = deps.checkCaptive();
  await forEachConcurrently(
    remaining,
    deps.concurrency,
    async (target) => {
      const observation = await deps.observe(target, controller.signal);
      // A request cut short by cancelling tells nothing about the target: not recorded.
      if (controller.signal.aborted) return;
      const usual = await usualBodyBytes(deps.db, target.id, deps.now());
      const measurement: MeasurementRecord = {
        id: deps.newId(),
        runId: run.id,
        targetId: target.id,
        time: deps.now(),
        observation,
        verdict: deps.classify(observation, { usualBodyBytes: usual }),
      };
      await saveMeasurement(deps.db, measurement);
      doneCount++;
      deps.onMeasurement?.(measurement);
      deps.onProgress?.({ runId: run.id, status: 'running', done: doneCount, total });
    },
    {
      signal: controller.signal,
      slowAfterMs: deps.slowAfterMs,
      startAllWithinMs: deps.startAllWithinMs,
      maxInFlight: deps.maxInFlight,
    },
  );
  signal?.removeEventListener('abort', abort);

  const latest = (await getRun(deps.db, run.id)) ?? run;
  const measurements = await measurementsOfRun(deps.db, run.id);
  const byTarget = new Map(targets.map((target) => [target.id, target]));
  const captiveCheck = await captive;
  const judged: RunResult[] = measurements.map((m) => ({
    target: byTarget.get(m.targetId) ?? m.observation.target,
    observation: m.observation,
    verdict: m.verdict,
  }));
  // What one site cannot show alone (a captive portal, the same failure on several sites) is
  // decided now that the whole run is in, and the revised verdicts replace the first ones.
  const revised = reviseVerdicts(judged, captiveCheck);
  const results: RunResult[] = judged.map((result, i) => ({ ...result, verdict: revised[i]! }));
  await Promise.all(
    measurements.map((m, i) =>
      revised[i] !== m.verdict ? saveMeasurement(deps.db, { ...m, verdict: revised[i]! }) : undefined,
    ),
  );
  const finished: RunRecord = {
    ...latest,
    doneTargetIds: measurements.map((m) => m.targetId),
    status: controller.signal.aborted ? 'cancelled' : 'done',
    finishedAt: deps.now(),
    connection: deps.assess(results, captiveCheck),
  };
  await putRun(deps.db, finished);
  deps.onProgress?.({
    runId: run.id,
    status: finished.status,
    done: finished.doneTargetIds.length,
    total,
    connection: finished.connection,
  });
  return finished;
}

/**
 * On worker start: a run still marked running was interrupted. A recent one is resumed
 * (its finished measurements are kept, only the rest are measured); an old one — its
 * conditions have passed — is closed as partial. Never left stuck "running".
 */
export async function recoverInterruptedRuns(
  unfinished: RunRecord[],
  targetsFor: (run: RunRecord) => Target[],
  deps: RunDeps,
  maxAgeMs: number,
  signal?: AbortSignal,
): Promise<RunRecord[]> {
  const recovered: RunRecord[] = [];
  for (const run of unfinished) {
    if (deps.now() - run.startedAt <= maxAgeMs) {
      recovered.push(await continueRun(run, targetsFor(run), deps, signal));
    } else {
      const measurements = await measurementsOfRun(deps.db, run.id);
      const partial: RunRecord = {
        ...run,
        doneTargetIds: measurements.map((m) => m.targetId),
        status: 'partial',
        finishedAt: deps.now(),
        connection: deps.assess(
          measurements.map((m) => ({
            target: m.observation.target,
            observation: m.observation,
            verdict: m.verdict,
          })),
          { ok: true },
        ),
      };
      await putRun(deps.db, partial);
      recovered.push(partial);
    }
  }
  return recovered;
}
