/**
 * Run time: how long one run over 60 sites takes when 20 of them are blackholed (they accept
 * the connection and never answer, so only the per-request timeout ends them), compared with
 * the timeout itself and with measuring the same sites one after another; and the service
 * worker's peak JS heap meanwhile.
 *
 *   npx tsx bench/run-time.ts             (no assertions; figures for docs/benchmarks.md)
 *   npx tsx bench/run-time.ts --quick     (sequential run over a 20-site sample, extrapolated)
 *
 * Goals: a full run ≤ 1.3 × the per-request timeout; ≥ 10× faster than sequential.
 * Everything runs against the local censor lab in a Chromium launched by the e2e harness, so
 * nothing leaves this machine.
 */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import type { Page } from 'playwright-core';
import type { MeasurementRecord, RunRecord } from '../lib/db';
import { readStore, send } from '../tests/e2e/harness/extension-api';
import { labPreset, type PresetTarget } from '../tests/e2e/harness/lab-preset';
import { startLabSession } from '../tests/e2e/harness/session';
import { attachToServiceWorker, type WorkerDebugger } from '../tests/e2e/harness/worker-cdp';
import { benchHosts } from '../tests/lab';

const COUNT = 60;
const BLACKHOLED = 20;
const TIMEOUT_MS = 5_000;
const QUICK = process.argv.includes('--quick');
/** The sequential sample under --quick: a third of the sites, blackholed ones in proportion. */
const SAMPLE = 20;

const hosts = benchHosts(COUNT, BLACKHOLED);
const categories = ['news', 'social', 'messengers', 'circumvention', 'other'] as const;
const target = (i: number): PresetTarget => ({
  url: `https://${hosts[i]!.name}/`,
  name: hosts[i]!.name,
  category: categories[i % categories.length]!,
});
const isBlackholed = (url: string) => hosts.findIndex((h) => url.includes(`//${h.name}/`)) < BLACKHOLED;

/** A real list does not put its blocked sites first: every third site is a blackholed one. */
const interleaved: PresetTarget[] = Array.from({ length: COUNT }, (_, k) =>
  target(k % 3 === 0 ? k / 3 : BLACKHOLED + k - Math.ceil(k / 3)),
);
/** The lab's own order: all blackholed sites first (the pool's worst case). */
const blackholedFirst: PresetTarget[] = Array.from({ length: COUNT }, (_, i) => target(i));

interface RunFigures {
  label: string;
  concurrency: number;
  targets: number;
  blackholed: number;
  wallMs: number;
  peakHeap: number;
  peakHeapTotal: number;
  baseHeap: number;
  /** Per blackholed site: ms from start to stored, of which the fetch, the DoH answers, the rest. */
  blackholedMs: { total: number; http: number; dns: number }[];
  othersMs: number[];
}

execFileSync('npx', ['wxt', 'build'], { stdio: 'ignore' });
const session = await startLabSession({ lab: { extraHosts: hosts } });
const figures: RunFigures[] = [];
try {
  const page = await session.browser.openPage('options.html');
  await closeInstallRun(page);
  const version = session.browser.context.browser()?.version() ?? 'unknown';

  const plan: [string, PresetTarget[], number][] = [
    // 32 is the shipped default (lib/settings/schema.ts); 8 and 16 show what fewer lanes cost.
    ['interleaved', interleaved, 32],
    ['blackholed first', blackholedFirst, 32],
    ['interleaved', interleaved, 8],
    ['interleaved', interleaved, 16],
  ];
  if (QUICK) {
    const sample = [
      ...blackholedFirst.slice(0, Math.round((SAMPLE * BLACKHOLED) / COUNT)),
      ...blackholedFirst.slice(BLACKHOLED, BLACKHOLED + SAMPLE - Math.round((SAMPLE * BLACKHOLED) / COUNT)),
    ];
    plan.push(['sequential sample', sample, 1]);
  } else {
    plan.push(['sequential', interleaved, 1]);
  }
  for (const [label, targets, concurrency] of plan) {
    figures.push(await measureRun(page, label, targets, concurrency));
    const f = figures.at(-1)!;
    console.error(`  … ${label} ×${concurrency}: ${(f.wallMs / 1000).toFixed(1)} s`);
  }

  report(version);
} finally {
  await session.close();
}

async function closeInstallRun(page: Page) {
  // The install-time run (default pack, unreachable here) must not overlap ours.
  await send(page, 'importSettings', { json: labPreset([], { requestTimeoutMs: TIMEOUT_MS }) });
  for (let i = 0; i < 100; i++) {
    const runs = await readStore<RunRecord>(page, 'runs');
    if (runs.some((r) => r.trigger === 'install') && runs.every((r) => r.status !== 'running')) return;
    await send(page, 'cancelRun', {});
    await page.waitForTimeout(200);
  }
  throw new Error('the install-time run did not close');
}

async function measureRun(
  page: Page,
  label: string,
  targets: PresetTarget[],
  concurrency: number,
): Promise<RunFigures> {
  // Each measurement's targets alone: the user's explicit 'replace' (a file's sites merge by default).
  const imported = await send(page, 'importSettings', {
    targets: 'replace',
    json: labPreset(targets, { requestTimeoutMs: TIMEOUT_MS, concurrency }),
  });
  if (!imported.ok) throw new Error(`preset refused: ${JSON.stringify(imported)}`);
  // Wake the worker (it may have idled out between runs), then watch its heap.
  await send(page, 'ping', { sentAt: Date.now() });
  const worker: WorkerDebugger = await attachToServiceWorker(session.browser);
  await worker.call('HeapProfiler.collectGarbage').catch(() => undefined);
  const heap = () => worker.call<{ usedSize: number; totalSize: number }>('Runtime.getHeapUsage');
  const base = await heap();
  let peak = base.usedSize;
  let peakTotal = base.totalSize;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const now = await heap().catch(() => undefined);
      if (now) {
        peak = Math.max(peak, now.usedSize);
        peakTotal = Math.max(peakTotal, now.totalSize);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();

  const { runId, alreadyRunning } = await send(page, 'checkNow', {});
  if (alreadyRunning) throw new Error('another run is in progress');
  let run: RunRecord | undefined;
  for (;;) {
    run = (await readStore<RunRecord>(page, 'runs')).find((r) => r.id === runId);
    if (run && run.status !== 'running') break;
    await page.waitForTimeout(100);
  }
  sampling = false;
  await sampler;
  await worker.detach();
  if (run.status !== 'done') throw new Error(`run ${label} ended ${run.status}`);
  const measurements = (await readStore<MeasurementRecord>(page, 'measurements')).filter(
    (m) => m.runId === runId,
  );
  if (measurements.length !== targets.length)
    throw new Error(`run ${label}: ${measurements.length} of ${targets.length} measured`);
  const spent = (m: MeasurementRecord) => m.time - Date.parse(m.observation.startedAt);
  const blackholed = measurements.filter((m) => isBlackholed(m.targetId));
  return {
    label,
    concurrency,
    targets: targets.length,
    blackholed: blackholed.length,
    wallMs: run.finishedAt! - run.startedAt,
    peakHeap: peak,
    peakHeapTotal: peakTotal,
    baseHeap: base.usedSize,
    blackholedMs: blackholed.map((m) => ({
      total: spent(m),
      http: m.observation.http.timing.endMs,
      dns: Math.max(0, ...m.observation.dns.map((d) => d.ms)),
    })),
    othersMs: measurements.filter((m) => !isBlackholed(m.targetId)).map(spent),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : NaN;
}

function report(chromiumVersion: string) {
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const s = (ms: number) => (ms / 1000).toFixed(1);
  console.log(
    `\nVantage run time — ${COUNT} sites, ${BLACKHOLED} blackholed (HTTPS), per-request timeout ${TIMEOUT_MS / 1000} s`,
  );
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; ` +
      `Node ${process.version}; Chromium ${chromiumVersion} (headless)\n`,
  );
  const rows = figures.map((f) => {
    const sequential = f.concurrency === 1 && f.targets < COUNT;
    const wall = sequential ? (f.wallMs * COUNT) / f.targets : f.wallMs;
    return [
      `${f.label}${sequential ? ` (${f.targets} sites, ×${COUNT / f.targets} extrapolated)` : ''}`,
      String(f.concurrency),
      s(wall),
      (wall / TIMEOUT_MS).toFixed(2),
      s(median(f.blackholedMs.map((b) => b.total))),
      s(median(f.othersMs)),
      `${mb(f.baseHeap)} → ${mb(f.peakHeap)}`,
      mb(f.peakHeapTotal),
    ];
  });
  const head = [
    'run',
    'conc.',
    'wall s',
    'wall/timeout',
    'blackholed site s (median)',
    'other site s (median)',
    'worker heap used MB (start → peak)',
    'heap total MB (peak)',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));

  const sequential = figures.find((f) => f.concurrency === 1)!;
  const sequentialMs = (sequential.wallMs * COUNT) / sequential.targets;
  console.log('');
  for (const f of figures.filter((x) => x.concurrency > 1)) {
    console.log(
      `${f.label}, concurrency ${f.concurrency}: wall/timeout ${(f.wallMs / TIMEOUT_MS).toFixed(2)} (goal ≤ 1.3); ` +
        `sequential/this ${(sequentialMs / f.wallMs).toFixed(1)}× (goal ≥ 10×)`,
    );
  }
  if (sequential.targets < COUNT)
    console.log(
      `(sequential: ${sequential.targets} of ${COUNT} sites measured, ${sequential.blackholed} blackholed, time scaled ×${COUNT / sequential.targets})`,
    );

  const all = figures.flatMap((f) => f.blackholedMs);
  const rest = all.map((b) => b.total - Math.max(b.http, b.dns));
  console.log(
    `\nwhere a blackholed HTTPS site's time goes (median of ${all.length}): fetch ${s(median(all.map((b) => b.http)))} s ` +
      `(the timeout), DoH ${s(median(all.map((b) => b.dns)))} s (in parallel), then ${s(median(rest))} s more ` +
      `(no-SNI control to the resolved address: timeout/5, itself blackholed) = ${s(median(all.map((b) => b.total)))} s per site.`,
  );
  // No pool can beat the busiest of its lanes on average, nor the slowest single site.
  const bound = (f: RunFigures) =>
    Math.max(
      (f.blackholedMs.reduce((sum, b) => sum + b.total, 0) + f.othersMs.reduce((sum, x) => sum + x, 0)) /
        f.concurrency,
      ...f.blackholedMs.map((b) => b.total),
      ...f.othersMs,
    );
  for (const f of figures.filter((x) => x.concurrency > 1)) {
    console.log(
      `${f.label}, concurrency ${f.concurrency}: ${f.blackholed} blackholed sites in ${f.concurrency} lanes = ` +
        `${Math.ceil(f.blackholed / f.concurrency)} wave(s) of ${s(median(f.blackholedMs.map((b) => b.total)))} s; lower bound ${s(bound(f))} s, measured ${s(f.wallMs)} s`,
    );
  }
}
