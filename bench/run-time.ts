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
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import type { Page } from 'playwright-core';
import type { MeasurementRecord, RunRecord } from '../lib/db';
import { readStore, send } from '../tests/e2e/harness/extension-api';
import { labPreset, type PresetTarget } from '../tests/e2e/harness/lab-preset';
import { startLabSession } from '../tests/e2e/harness/session';
import { attachToServiceWorker, type WorkerDebugger } from '../tests/e2e/harness/worker-cdp';
import { benchHosts } from '../tests/lab';

// BENCH_SIZES=600 measures one size only (quicker when trying a change); the hosts stay the same.
const SIZES = (process.env.BENCH_SIZES ?? '60,200,600').split(',').map(Number);
const MAX = Math.max(...SIZES);
const BLACKHOLED = MAX / 3;
// 5 s keeps the bench short; BENCH_TIMEOUT_MS=15000 measures the shipped default (lib/settings).
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 5_000);
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
  /** Most connections the lab held open at once (sampled every 100 ms; Chrome pools 256 per profile). */
  peakSockets: number;
  /** Connections already open when the run started (a previous run's, which Chrome still holds). */
  socketsAtStart: number;
  peakHeapTotal: number;
  baseHeap: number;
  /** Per blackholed site: ms from start to stored, of which the fetch, the DoH answers, the rest. */
  blackholedMs: { total: number; http: number; dns: number }[];
  othersMs: number[];
  /** Sites whose verdict is not what the lab set up (a blackholed site not tcp_ip, a live one not accessible). */
  wrongVerdicts: string[];
  /** Where the time goes (ms after the run started): when each site started and was stored. */
  /** CPU seconds this bench's processes (lab, Chromium) used during the run, by process name. */
  cpu: Map<string, number>;
  timeline: { blackholed: boolean; startMs: number; storedMs: number; dnsMs: number; httpMs: number }[];
  /** DoH answers per site ("1 → 356" sites): a second resolver is asked only when it could matter. */
  dohAnswers: { blackholed: Map<number, number>; others: Map<number, number> };
}

execFileSync('npx', ['wxt', 'build'], { stdio: 'ignore' });
// BENCH_NETLOG=FILE: Chromium's own log of every request, socket and pool wait (for diagnosis).
const session = await startLabSession({
  lab: { extraHosts: hosts },
  extraArgs: process.env.BENCH_NETLOG ? [`--log-net-log=${process.env.BENCH_NETLOG}`] : [],
});
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
  // BENCH_SETTLE=1: wait (≤ 60 s) until Chrome has closed the previous run's connections.
  for (let i = 0; process.env.BENCH_SETTLE && i < 600 && browserSockets() > 5; i++)
    await page.waitForTimeout(100);
  const socketsAtStart = browserSockets();
  // Wake the worker (it may have idled out between runs), then watch its heap.
  await send(page, 'ping', { sentAt: Date.now() });
  const worker: WorkerDebugger = await attachToServiceWorker(session.browser);
  await worker.call('HeapProfiler.collectGarbage').catch(() => undefined);
  const heap = () => worker.call<{ usedSize: number; totalSize: number }>('Runtime.getHeapUsage');
  const base = await heap();
  let peak = base.usedSize;
  let peakTotal = base.totalSize;
  let peakSockets = 0;
  const socketSeries: number[] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const sockets = browserSockets();
      peakSockets = Math.max(peakSockets, sockets);
      if (process.env.BENCH_SOCKETS) socketSeries.push(sockets);
      const now = await heap().catch(() => undefined);
      if (now) {
        peak = Math.max(peak, now.usedSize);
        peakTotal = Math.max(peakTotal, now.totalSize);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();

  if (process.env.BENCH_PROFILE) {
    await worker.call('Profiler.enable');
    await worker.call('Profiler.setSamplingInterval', { interval: 1000 });
    await worker.call('Profiler.start');
  }
  const cpuBefore = treeCpu();
  const { runId, alreadyRunning } = await send(page, 'checkNow', {});
  if (alreadyRunning) throw new Error('another run is in progress');
  let run: RunRecord | undefined;
  for (;;) {
    run = (await readStore<RunRecord>(page, 'runs')).find((r) => r.id === runId);
    if (run && run.status !== 'running') break;
    await page.waitForTimeout(100);
  }
  const cpuAfter = treeCpu();
  sampling = false;
  await sampler;
  if (process.env.BENCH_SOCKETS)
    console.error(`  ${label}: sockets every ~100 ms: ${socketSeries.join(' ')}`);
  if (process.env.BENCH_PROFILE)
    printProfile(label, await worker.call<{ profile: CpuProfile }>('Profiler.stop'));
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
    peakSockets,
    socketsAtStart,
    peakHeapTotal: peakTotal,
    baseHeap: base.usedSize,
    blackholedMs: blackholed.map((m) => ({
      total: spent(m),
      http: m.observation.http.timing.endMs,
      dns: Math.max(0, ...m.observation.dns.map((d) => d.ms)),
    })),
    othersMs: measurements.filter((m) => !isBlackholed(m.targetId)).map(spent),
    dohAnswers: {
      blackholed: countBy(blackholed.map((m) => m.observation.dns.length)),
      others: countBy(
        measurements.filter((m) => !isBlackholed(m.targetId)).map((m) => m.observation.dns.length),
      ),
    },
    wrongVerdicts: measurements
      .filter((m) => m.verdict.blocking !== (isBlackholed(m.targetId) ? 'tcp_ip' : 'accessible'))
      .map((m) => `${new URL(m.targetId).hostname} ${m.verdict.blocking}`),
    cpu: new Map([...cpuAfter].map(([name, t]) => [name, t - (cpuBefore.get(name) ?? 0)])),
    timeline: measurements.map((m) => ({
      blackholed: isBlackholed(m.targetId),
      startMs: Date.parse(m.observation.startedAt) - run.startedAt,
      storedMs: m.time - run.startedAt,
      dnsMs: Math.max(0, ...m.observation.dns.map((d) => d.ms)),
      httpMs: m.observation.http.timing.endMs,
    })),
  };
}

/**
 * The browser's TCP connections to lab sites now open or opening (ESTABLISHED or SYN_SENT, to any
 * 127.x address on port 443 or 80, from the client's side): what Chrome's socket pool holds.
 */
function browserSockets(): number {
  let count = 0;
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const [, , remote, state] = line.trim().split(/\s+/);
    if (!remote || (state !== '01' && state !== '02')) continue;
    const [ip, port] = remote.split(':');
    // Little-endian hex: 127.x.y.z ends in 7F; the lab's hop to its apps is 127.0.0.1 (0100007F).
    if (ip!.endsWith('7F') && ip !== '0100007F' && (port === '01BB' || port === '0050')) count++;
  }
  return count;
}

/** CPU seconds (user + system) of this process and its descendants, summed by kind of process. */
function treeCpu(): Map<string, number> {
  const stats = new Map<number, { ppid: number; kind: string; seconds: number }>();
  const threads = new Map<string, { pid: number; name: string; seconds: number }>();
  const tick = 100; // USER_HZ on Linux
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const kind = /--type=([\w-]+)/.exec(cmdline)?.[1] ?? (cmdline.includes('chrom') ? 'browser' : 'node');
      stats.set(Number(entry), {
        ppid: Number(fields[1]),
        kind,
        seconds: (Number(fields[11]) + Number(fields[12])) / tick,
      });
      if (process.env.BENCH_THREADS)
        for (const thread of readdirSync(`/proc/${entry}/task`)) {
          const t = readFileSync(`/proc/${entry}/task/${thread}/stat`, 'utf8');
          const name = t.slice(t.indexOf('(') + 1, t.lastIndexOf(')'));
          const f = t.slice(t.lastIndexOf(')') + 2).split(' ');
          threads.set(`${entry}:${thread}`, {
            pid: Number(entry),
            name,
            seconds: (Number(f[11]) + Number(f[12])) / tick,
          });
        }
    } catch {
      // the process ended meanwhile
    }
  }
  const totals = new Map<string, number>();
  const ours = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 20; p = stats.get(p)?.ppid ?? 0, hops++)
      if (p === process.pid) return true;
    return false;
  };
  for (const [pid, stat] of stats)
    if (ours(pid)) totals.set(stat.kind, (totals.get(stat.kind) ?? 0) + stat.seconds);
  for (const thread of threads.values()) {
    const kind = stats.get(thread.pid)?.kind;
    if (!ours(thread.pid)) continue;
    const key = `  ${kind}/${thread.name}`;
    totals.set(key, (totals.get(key) ?? 0) + thread.seconds);
  }
  return totals;
}

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** The worker's CPU by function (self time), and by what each top-level caller led to (total). */
function printProfile(label: string, { profile }: { profile: CpuProfile }) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const name = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
  };
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    self.set(name(id), (self.get(name(id)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = name(at);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + ms);
    }
  });
  const top = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([k, v]) => `    ${v.toFixed(0).padStart(6)} ms  ${k}`)
      .join('\n');
  console.error(`\n  ${label}: worker self time\n${top(self)}\n  ${label}: worker total time\n${top(total)}`);
}

function countBy(values: number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
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
    String(f.wrongVerdicts.length),
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
    'wrong verdicts',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
  for (const f of figures)
    if (f.wrongVerdicts.length) console.log(`  ${f.label}, wrong: ${f.wrongVerdicts.slice(0, 8).join('; ')}`);
  console.log('\nCPU seconds used during each run (this bench: lab in node, Chromium by process type):');
  for (const f of figures)
    console.log(
      `  ${f.label}: ${[...f.cpu]
        .filter(([, t]) => t > 0.05)
        .map(([name, t]) => `${name} ${t.toFixed(1)}`)
        .join(
          ', ',
        )} (wall ${s(f.wallMs)}; ${f.socketsAtStart} connections open at the start, at most ${f.peakSockets} at once)`,
    );
  const answers = (counts: Map<number, number>) =>
    [...counts]
      .sort((a, b) => a[0] - b[0])
      .map(([n, sites]) => `${n} → ${sites}`)
      .join(', ');
  for (const f of figures)
    console.log(
      `  ${f.label}: DoH answers per site (answers → sites): blackholed ${answers(f.dohAnswers.blackholed)}; others ${answers(f.dohAnswers.others)}`,
    );
  console.log('\nWhere the time goes (s after the run started; p50 / p90 / max):');
  const spread = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
    return `${s(at(0.5))} / ${s(at(0.9))} / ${s(sorted.at(-1) ?? NaN)}`;
  };
  for (const f of figures) {
    for (const blackholed of [true, false]) {
      const t = f.timeline.filter((x) => x.blackholed === blackholed);
      console.log(
        `  ${f.label}, ${blackholed ? 'blackholed' : 'others    '}: started ${spread(t.map((x) => x.startMs))}; ` +
          `DoH ${spread(t.map((x) => x.dnsMs))}; fetch ${spread(t.map((x) => x.httpMs))}; ` +
          `stored ${spread(t.map((x) => x.storedMs))}; stored − start − fetch ${spread(t.map((x) => x.storedMs - x.startMs - x.httpMs))}`,
      );
    }
  }
}
