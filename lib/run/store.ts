import type { Database, MeasurementRecord, OutageRecord, RunRecord } from '../db';

/**
 * Persist a finished measurement. The measurement is itself the run's progress record: a target
 * is done in a run when a measurement of it with that runId is stored (`targetsDoneInRun`). So the
 * progress commits atomically with the measurement — a worker stopped at any point leaves no
 * measurement the run does not know about — and costs one write, whatever the run's size. (It used
 * to also rewrite the run record with a growing `doneTargetIds` array per measurement: O(n²) for a
 * run of n targets; bench/run-progress.ts.)
 */
export async function saveMeasurement(db: Database, measurement: MeasurementRecord): Promise<void> {
  await db.put('measurements', measurement);
}

/** The targets of a run that already have a stored measurement: what a resumed run skips. */
export async function targetsDoneInRun(db: Database, runId: string): Promise<Set<string>> {
  const measurements = await db.getAllFromIndex('measurements', 'byRun', runId);
  return new Set(measurements.map((m) => m.targetId));
}

export async function putRun(db: Database, run: RunRecord): Promise<void> {
  await db.put('runs', run);
}

export async function getRun(db: Database, id: string): Promise<RunRecord | undefined> {
  return db.get('runs', id);
}

export async function unfinishedRuns(db: Database): Promise<RunRecord[]> {
  const runs = await db.getAll('runs');
  return runs.filter((run) => run.status === 'running');
}

export async function measurementsOfRun(db: Database, runId: string): Promise<MeasurementRecord[]> {
  return db.getAllFromIndex('measurements', 'byRun', runId);
}

/** The newest measurement of each target, for the popup's per-site view. */
export async function latestPerTarget(db: Database): Promise<Map<string, MeasurementRecord>> {
  const latest = new Map<string, MeasurementRecord>();
  let cursor = await db.transaction('measurements').store.index('byTime').openCursor(null, 'prev');
  while (cursor) {
    if (!latest.has(cursor.value.targetId)) latest.set(cursor.value.targetId, cursor.value);
    cursor = await cursor.continue();
  }
  return latest;
}

async function historyOfTarget(db: Database, targetId: string, since: number): Promise<MeasurementRecord[]> {
  return db.getAllFromIndex(
    'measurements',
    'byTarget',
    IDBKeyRange.bound([targetId, since], [targetId, Infinity]),
  );
}

/** Earlier working measurements a target's usual page size is read from. */
const USUAL_SIZE_DAYS = 30;
const USUAL_SIZE_SAMPLES = 10;

/**
 * The median body size of a target's recent working measurements ("what the site normally
 * serves"), so a 2 KB page where 300 KB is usual stands out. Undefined before the first success:
 * then nothing is assumed (docs/methodology.md).
 */
export async function usualBodyBytes(
  db: Database,
  targetId: string,
  now: number,
): Promise<number | undefined> {
  const history = await historyOfTarget(db, targetId, now - USUAL_SIZE_DAYS * 86_400_000);
  const sizes = history
    .filter((m) => m.verdict.subKind === 'accessible/ok')
    .slice(-USUAL_SIZE_SAMPLES)
    .map((m) => m.observation.http.bodyBytes)
    .sort((a, b) => a - b);
  return sizes.length ? sizes[Math.floor(sizes.length / 2)] : undefined;
}

/** Drop measurements and finished runs older than the retention window. */
export async function pruneBefore(db: Database, cutoff: number): Promise<number> {
  const tx = db.transaction(['measurements', 'runs'], 'readwrite');
  let removed = 0;
  let cursor = await tx
    .objectStore('measurements')
    .index('byTime')
    .openCursor(IDBKeyRange.upperBound(cutoff, true));
  while (cursor) {
    await cursor.delete();
    removed++;
    cursor = await cursor.continue();
  }
  let runCursor = await tx
    .objectStore('runs')
    .index('byStart')
    .openCursor(IDBKeyRange.upperBound(cutoff, true));
  while (runCursor) {
    if (runCursor.value.status !== 'running') await runCursor.delete();
    runCursor = await runCursor.continue();
  }
  await tx.done;
  return removed;
}

export async function openOutage(db: Database): Promise<OutageRecord | undefined> {
  const cursor = await db.transaction('outages').store.index('byStart').openCursor(null, 'prev');
  return cursor?.value && cursor.value.end === undefined ? cursor.value : undefined;
}

export async function putOutage(db: Database, outage: OutageRecord): Promise<void> {
  await db.put('outages', outage);
}
