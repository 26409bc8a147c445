/**
 * Run progress: the cost of storing a run's measurements, for a run of 5,000 targets (the cap,
 * lib/targets/limits.ts), the old way and the current way side by side in one process.
 *
 *   npx tsx bench/run-progress.ts        (no assertions; figures for docs/benchmarks.md)
 *
 * old — what main did until 2026-12-05: each measurement read the run record, checked
 *       `doneTargetIds.includes(targetId)`, pushed, and wrote the whole record back in the same
 *       transaction. The record holds all n target ids plus the growing done list, so n
 *       measurements rewrite O(n²) bytes.
 * new — lib/run/store.ts `saveMeasurement`: the measurement is the progress; one write each.
 *
 * IndexedDB here is fake-indexeddb in Node (the same engine the unit tests use), so the absolute
 * times are not a browser's; the ratio and the bytes written are the point. Nothing touches the
 * network.
 */
import 'fake-indexeddb/auto';
import { cpus } from 'node:os';
import { openDatabase, type Database, type MeasurementRecord, type RunRecord } from '../lib/db';
import type { Observation } from '../lib/probe/types';
import { putRun, saveMeasurement, targetsDoneInRun } from '../lib/run';
import type { Target } from '../lib/targets/types';

const COUNT = 5_000;

const targets: Target[] = Array.from({ length: COUNT }, (_, i) => ({
  id: `https://site-number-${i}.example.com/`,
  url: `https://site-number-${i}.example.com/`,
  name: `site-number-${i}.example.com`,
  category: 'news',
  source: 'user',
}));

function measurementOf(runId: string, target: Target, i: number): MeasurementRecord {
  const observation: Observation = {
    target,
    startedAt: new Date(0).toISOString(),
    browser: 'chromium',
    http: {
      url: target.url,
      status: 200,
      redirects: [],
      headers: { 'content-type': 'text/html' },
      bodyBytes: 5120,
      bodyTruncated: false,
      timing: { endMs: 120 },
    },
    dns: [],
  };
  return {
    id: `${runId}-${i}`,
    runId,
    targetId: target.id,
    time: i,
    observation,
    verdict: { blocking: 'accessible', subKind: 'accessible/ok', confidence: 'likely', evidence: [] },
  };
}

/** main's saveMeasurement, kept here only to measure it against. */
async function saveMeasurementOld(db: Database, measurement: MeasurementRecord): Promise<number> {
  const tx = db.transaction(['measurements', 'runs'], 'readwrite');
  const runs = tx.objectStore('runs');
  const run = await runs.get(measurement.runId);
  await tx.objectStore('measurements').put(measurement);
  let bytes = 0;
  if (run && !run.doneTargetIds.includes(measurement.targetId)) {
    run.doneTargetIds.push(measurement.targetId);
    bytes = JSON.stringify(run).length;
    await runs.put(run);
  }
  await tx.done;
  return bytes;
}

async function measure(label: 'old' | 'new') {
  const db = await openDatabase(`bench-run-progress-${label}`);
  const run: RunRecord = {
    id: label,
    trigger: 'manual',
    startedAt: 0,
    status: 'running',
    targetIds: targets.map((t) => t.id),
    doneTargetIds: [],
  };
  await putRun(db, run);
  let runBytes = JSON.stringify(run).length;
  let measurementBytes = 0;
  const firstThousandMs: number[] = [];
  let lastThousandStart = 0;
  const start = performance.now();
  for (let i = 0; i < COUNT; i++) {
    if (i === COUNT - 1_000) lastThousandStart = performance.now();
    const measurement = measurementOf(run.id, targets[i]!, i);
    measurementBytes += JSON.stringify(measurement).length;
    if (label === 'old') runBytes += await saveMeasurementOld(db, measurement);
    else await saveMeasurement(db, measurement);
    if (i === 999) firstThousandMs.push(performance.now() - start);
  }
  const end = performance.now();
  const resumeStart = performance.now();
  const done = await targetsDoneInRun(db, run.id);
  const resumeMs = performance.now() - resumeStart;
  db.close();
  return {
    label,
    totalMs: end - start,
    firstThousandMs: firstThousandMs[0]!,
    lastThousandMs: end - lastThousandStart,
    runRecordMB: runBytes / 1e6,
    measurementMB: measurementBytes / 1e6,
    resumeMs,
    done: done.size,
  };
}

const old = await measure('old');
const current = await measure('new');
console.log(`${new Date().toISOString()} — ${COUNT} measurements, one at a time; ${cpus().length} cores`);
console.log(
  '| way | total s | first 1,000 s | last 1,000 s | run record MB written | measurements MB written |',
);
console.log(
  '|-----|---------|---------------|--------------|----------------------|-------------------------|',
);
for (const r of [old, current]) {
  console.log(
    `| ${r.label} | ${(r.totalMs / 1000).toFixed(2)} | ${(r.firstThousandMs / 1000).toFixed(2)} | ${(r.lastThousandMs / 1000).toFixed(2)} | ${r.runRecordMB.toFixed(1)} | ${r.measurementMB.toFixed(1)} |`,
  );
}
console.log(`old / new total time: ${(old.totalMs / current.totalMs).toFixed(1)}×`);
console.log(
  `resume read of the progress (targetsDoneInRun over ${current.done} measurements): ${current.resumeMs.toFixed(0)} ms`,
);
