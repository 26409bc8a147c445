/**
 * Run time as a run grows: 60, 200 and 600 sites, a third of each blackholed (they accept the
 * connection and never answer, so only the per-request timeout ends them), measured side by side
 * in one run of this script at the shipped concurrency; wall time ÷ per-request timeout and the
 * service worker's peak JS heap for each.
 *
 *   VANTAGE_LAB_NET=12 npx tsx bench/run-time.ts     (no assertions; figures for docs/benchmarks.md)
 *
 * Goals (#13): 600 sites with 200 blackholed ≤ 2 × the per-request timeout; heap ≤ 32 MB.
 * Hosts follow VANTAGE_LAB_NET (tests/lab/hosts.ts benchHosts; 600 hosts span three /24s).
 * Everything runs against the local censor lab in a Chromium launched by the e2e harness, so
 * nothing leaves this machine.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import type { Page } from 'playwright-core';
import type { MeasurementRecord, RunRecord } from '../lib/db';
import { readStore, send } from '../tests/e2e/harness/extension-api';
import { labPreset, type PresetTarget } from '../tests/e2e/harness/lab-preset';
import { startLabSession } from '../tests/e2e/harness/session';
import { attachToServiceWorker, type WorkerDebugger } from '../tests/e2e/harness/worker-cdp';
import { benchHosts } from '../tests/lab';

const SIZES = [60, 200, 600];
const MAX = Math.max(...SIZES);
const BLACKHOLED = MAX / 3;
const TIMEOUT_MS = 5_000;
const CONCURRENCY = 32;

const hosts = benchHosts(MAX, BLACKHOLED);
const categories = ['news', 'social', 'messengers', 'circumvention', 'other'] as const;
const target = (i: number): PresetTarget => ({
  url: `https://${hosts[i]!.name}/`,
  name: hosts[i]!.name,
  category: categories[i % categories.length]!,
});
const isBlackholed = (url: string) => hosts.findIndex((h) => url.includes(`//${h.name}/`)) < BLACKHOLED;

/** `count` sites, a third blackholed; a real list does not put its blocked sites first: every third is one. */
const interleaved = (count: number): PresetTarget[] =>
  Array.from({ length: count }, (_, k) => target(k % 3 === 0 ? k / 3 : BLACKHOLED + k - Math.ceil(k / 3)));

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
let loadAverages: number[][] = [];
try {
  const page = await session.browser.openPage('options.html');
  await closeInstallRun(page);
  const version = session.browser.context.browser()?.version() ?? 'unknown';

  const loadBefore = loadavg();
  for (const count of SIZES) {
    figures.push(await measureRun(page, `${count} sites`, interleaved(count), CONCURRENCY));
    const f = figures.at(-1)!;
    console.error(`  … ${f.label}: ${(f.wallMs / 1000).toFixed(1)} s`);
  }
  loadAverages = [loadBefore, loadavg()];

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
    `\nVantage run time — a third of the sites blackholed (HTTPS), per-request timeout ${TIMEOUT_MS / 1000} s, concurrency ${CONCURRENCY}`,
  );
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; ` +
      `Node ${process.version}; Chromium ${chromiumVersion} (headless); ` +
      `load average (1/5/15 min) ${loadAverages.map((l) => l.map((x) => x.toFixed(1)).join('/')).join(' before → after ')}\n`,
  );
  const rows = figures.map((f) => [
    f.label,
    String(f.blackholed),
    s(f.wallMs),
    (f.wallMs / TIMEOUT_MS).toFixed(2),
    s(median(f.blackholedMs.map((b) => b.total))),
    s(median(f.othersMs)),
    `${mb(f.baseHeap)} → ${mb(f.peakHeap)}`,
    mb(f.peakHeapTotal),
  ]);
  const head = [
    'run',
    'blackholed',
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
}
