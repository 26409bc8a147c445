/**
 * The library at 10,000 articles, measured as a user feels it, in real Chromium on the built
 * extension. The library is bench/library-corpus: distinct Russian, Kazakh and
 * English articles with pictures, each saved through the build's own capture save path
 * (bench/library-corpus/capture.ts: pictures fitted or kept as that build does). Then, in the reader:
 *   - keystroke → results painted, and → passages painted (p50/p95 over words from the corpus,
 *     typed with the keyboard into the search box; the frame after the DOM last changed), typed
 *     with no pause between keys (faster than anyone types: the last key finds the reads of the
 *     first ones still running), and other words typed at a fast typist's pace (a key every
 *     120 ms, `--key-interval`);
 *   - the first search after the library grew (the index built from every article);
 *   - reader ready: navigation start → results of the first word typed are painted;
 *   - the reader page's JS heap after garbage collection, and its index worker's (counted in);
 *   - article open: click in the list → the body's text painted, and → its first picture painted (p50/p95);
 *   - export of 1,000 articles (click → file saved) beside the floor of writing a file of the
 *     same size plainly from the same page, and import of that file into an empty profile,
 *     each with the page's peak JS heap;
 *   - bytes per article: navigator.storage.estimate() growth, and IndexedDB's files on disk;
 *     of it, the bodies and the pictures as stored, and what the library's budget counted.
 * With `--baseline REF` the same is measured on that commit's build too (a temporary git
 * worktree, node_modules hard-linked, `wxt build`), phase by phase alternately, so both see the
 * same machine load; a table with both and their ratio is printed.
 *
 *   npm run bench:library -- [--articles 10000] [--baseline f82212e] [--words 30] [--key-interval 120] [--opens 30] [--open-pause 0]
 *     [--pack 1000, 0: no export/import] [--profile] [--packs-only] [--pack-runs 3] [--library DIR [--reindex]]
 *
 * Ends with `BENCH {…}` (this build) and, with a baseline, `BENCH_BASELINE {…}`. No assertions.
 * No network: the browsers resolve every name to nothing (`MAP * ~NOTFOUND`), no lab is needed.
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../tests/e2e/harness/chromium';
import { captureBundle, fillThroughCapture, storedBytes } from './library-corpus/capture';
import { fillBenchLibrary } from './library-corpus/fill';
import { generateArticles, loadCorpus, vocabulary } from './library-corpus/generate';
import { imagePool } from './library-corpus/images';
import { IN_PAGE_SCRIPT, type InPageState } from './library-corpus/in-page';

const { values: args } = parseArgs({
  options: {
    articles: { type: 'string', default: '10000' },
    baseline: { type: 'string' },
    words: { type: 'string', default: '30' },
    // Between one key and the next in the paced pass: a fast typist's interval (the average is
    // about twice this: Dhakal et al., "Observations on Typing from 136 Million Keystrokes",
    // CHI 2018). The other pass types with no pause at all, faster than anyone types.
    'key-interval': { type: 'string', default: '120' },
    opens: { type: 'string', default: '30' },
    // Before each article is clicked, wait until the list has not changed for this many ms (a
    // person reads the list first). 0: click as soon as it is there, while the list is still being
    // read again after the last article was closed (the reads queue in IndexedDB).
    'open-pause': { type: 'string', default: '0' },
    pack: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '17' },
    'skip-build': { type: 'boolean', default: false },
    // Export/import heap sampled after a forced collection (what is retained, not garbage);
    // the collections slow those phases, so their rates are not comparable with a normal run.
    retained: { type: 'boolean', default: false },
    // Export/import run under the CPU profiler of the reader page; the top self-time functions
    // of each are printed (the profiler slows both, so their rates are not for comparing).
    profile: { type: 'boolean', default: false },
    // Only the export-and-import phase (a quicker loop while working on packs): the reader's
    // phases are skipped, so their figures stay empty.
    'packs-only': { type: 'boolean', default: false },
    // The export-and-import phase this many times per build, alternately; each run's rates are
    // logged and the median is reported (one run moves by 10–20% on this machine).
    'pack-runs': { type: 'string', default: '1' },
    // A library kept between runs (this build only): filled and indexed into DIR the first time,
    // reused after that, so a change to the reader is measured in minutes at 10,000 articles. The
    // build is loaded from DIR/extension, the same path each time, so its extension id and its
    // database stay the same. Reused, its fill and first-search figures are not measured again.
    library: { type: 'string' },
    // With a kept library: its first search is run again (a build that stores the index in
    // another form rebuilds it there, as a user's reader would after the update).
    reindex: { type: 'boolean', default: false },
  },
});
const COUNT = Number(args.articles);
const PACK = Math.min(Number(args.pack), COUNT);
const SEED = Number(args.seed);
const RESOLVER = 'MAP * ~NOTFOUND';
const load = () => loadavg()[0]!.toFixed(1);
const log = (line: string) =>
  console.log(`[${new Date().toISOString().slice(11, 19)} load ${load()}] ${line}`);

// --- Builds ----------------------------------------------------------------------------------------

const work = mkdtempSync(join(tmpdir(), 'vantage-bench-library-'));
const cleanups: (() => void)[] = [() => rmSync(work, { recursive: true, force: true })];
interface Build {
  name: string;
  dir: string;
  /** Its capture code (bench/library-corpus/capture.ts), bundled from its own source tree. */
  capture: string;
}
const builds: Build[] = [];
const KEPT = args.library ? resolve(args.library) : undefined;
if (KEPT && args.baseline) throw new Error("--library keeps one build's library: not with --baseline");
const reused = !!KEPT && existsSync(join(KEPT, `filled-${COUNT}-${SEED}`));
if (!args['skip-build']) execFileSync('npx', ['wxt', 'build'], { stdio: 'ignore' });
const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
  encoding: 'utf8',
}).trim()
  ? '+changes'
  : '';
builds.push({
  name: `this build (${head}${dirty})`,
  dir: KEPT ? join(KEPT, 'extension') : join(work, 'this'),
  capture: captureBundle('.'),
});
if (KEPT) {
  rmSync(builds[0]!.dir, { recursive: true, force: true });
  // A library not completely filled and indexed is started again.
  if (!reused) rmSync(join(KEPT, 'profile'), { recursive: true, force: true });
  mkdirSync(join(KEPT, 'profile'), { recursive: true });
}
cpSync('.output/chrome-mv3', builds[0]!.dir, { recursive: true });
if (args.baseline) {
  const tree = join(work, 'baseline-tree');
  const ref = execFileSync('git', ['rev-parse', '--short', args.baseline], { encoding: 'utf8' }).trim();
  log(`building baseline ${args.baseline} (${ref}) in ${tree}`);
  execFileSync('git', ['worktree', 'add', '--detach', tree, ref], { stdio: 'ignore' });
  cleanups.unshift(() => execFileSync('git', ['worktree', 'remove', '--force', tree], { stdio: 'ignore' }));
  execFileSync('cp', ['-al', resolve('node_modules'), join(tree, 'node_modules')]);
  execFileSync('npx', ['wxt', 'build'], { cwd: tree, stdio: 'ignore' });
  builds.push({
    name: `baseline (${ref})`,
    dir: join(tree, '.output/chrome-mv3'),
    capture: captureBundle(tree),
  });
}

// --- The library -----------------------------------------------------------------------------------

const corpus = loadCorpus();
const images = imagePool(SEED);
const sample = [...generateArticles(corpus, { seed: SEED, count: COUNT, imagePool: images.length })];
const vocab = vocabulary(sample.map((a) => a.text));
const languages = ['ru', 'kk', 'en'].map((l) => `${l} ${sample.filter((a) => a.language === l).length}`);
log(
  `library: ${COUNT} articles (${languages.join(', ')}), ${(sample.reduce((s, a) => s + a.text.length, 0) / COUNT / 1024).toFixed(1)} KB text each on average, ` +
    `vocabulary ${vocab.size} distinct words, images ${images.map((b) => Math.round(b.length / 1024)).join('/')} KB`,
);
// Words to type: drawn from the articles themselves (one in three languages each), 4+ letters.
const WORDS = (() => {
  const random = (
    (seed) => () =>
      ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646
  )(SEED);
  const picked = new Set<string>();
  // Twice as many: the first half typed with no pause (the same words as before the paced pass
  // was added), the second at a typist's pace — different words, so neither pass finds the
  // other's terms already read.
  while (picked.size < 2 * Number(args.words)) {
    const article = sample[Math.floor(random() * sample.length)]!;
    const words = article.text.match(/[\p{L}]{5,}/gu) ?? [];
    if (words.length) picked.add(words[Math.floor(random() * words.length)]!.toLowerCase());
  }
  return [...picked];
})();
const PACED_WORDS = WORDS.splice(Number(args.words));
const KEY_INTERVAL = Number(args['key-interval']);
const OPEN_PAUSE = Number(args['open-pause']);
sample.length = 0;

// --- Measuring ------------------------------------------------------------------------------------

interface Target {
  build: Build;
  profile: string;
  browser: ChromiumSession;
  figures: Record<string, number | null>;
  samples: Record<string, number[]>;
  notes: string[];
}

async function launch(build: Build, label: string): Promise<{ browser: ChromiumSession; profile: string }> {
  const profile = KEPT && label === 'main' ? join(KEPT, 'profile') : mkdtempSync(join(work, `${label}-`));
  const home = mkdtempSync(join(work, 'home-'));
  const browser = await launchChromium({
    resolverRules: RESOLVER,
    home,
    userDataDir: profile,
    extensionDir: build.dir,
    viewport: { width: 1000, height: 800 },
  });
  // (On a kept profile the harness closes the first-run page the extension opens at each launch:
  // left open, it took the foreground from the first reader page, docs/benchmarks.md.)
  await browser.context.addInitScript(IN_PAGE_SCRIPT);
  return { browser, profile };
}

async function libraryReady(page: Page): Promise<void> {
  // The extension creates its database on install; write only into the real one.
  await page.waitForFunction(
    () =>
      new Promise((resolve) => {
        const open = indexedDB.open('vantage');
        open.onsuccess = () => {
          const ok = open.result.objectStoreNames.contains('articles');
          open.result.close();
          resolve(ok);
        };
        open.onerror = () => resolve(false);
      }),
    undefined,
    { polling: 250, timeout: 60_000 },
  );
}

const estimate = (page: Page) => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);

function du(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? du(path) : statSync(path).size;
  }
  return total;
}

const state = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { __bench: InPageState }).__bench);

/** Until the page has had no DOM change for `calm` ms and its last input is `after` ms old. */
async function settled(page: Page, timeout = 120_000, calm = 700, after = 1200): Promise<void> {
  await page.waitForFunction(
    ([calm, after]) => {
      const s = (globalThis as unknown as { __bench: InPageState }).__bench;
      const now = performance.now();
      return now - s.lastMutation > calm! && now - s.lastInput > after!;
    },
    [calm, after],
    { polling: 100, timeout },
  );
}

/**
 * Where a word's time went, for builds that mark their queries (`search-query`): the last query
 * started after the last keystroke, if any (an earlier one may have answered).
 */
async function splitQuery(page: Page, s: InPageState, t: Target, pass: '' | 'Paced'): Promise<void> {
  const query = await page.evaluate(
    (after) =>
      performance
        .getEntriesByName('search-query')
        .filter((entry) => entry.startTime >= after)
        .map((entry) => [entry.startTime, entry.duration])
        .pop(),
    s.lastInput,
  );
  if (!query) return;
  const [start, duration] = query as [number, number];
  (t.samples[`queryWait${pass}`] ??= []).push(start - s.lastInput);
  (t.samples[`queryRun${pass}`] ??= []).push(duration);
  (t.samples[`queryToPaint${pass}`] ??= []).push(s.resultsPainted - start - duration);
}

async function heapMB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return metrics.find((m) => m.name === 'JSHeapUsedSize')!.value / 1024 / 1024;
}

/**
 * The JS heap of the page's dedicated workers (the search index keeper), after garbage collection
 * when `collect`: the page's own heap leaves them out, and a reader that moved memory into a
 * worker must be counted with it. Through CDP's auto-attach (unflattened, so Playwright's own
 * sessions are left alone): 0 for a page without workers.
 */
async function workerHeapMB(page: Page, collect = true): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  const sessions: string[] = [];
  const pending = new Map<number, (result: unknown) => void>();
  let next = 1;
  cdp.on('Target.attachedToTarget', (event) => {
    if (event.targetInfo.type === 'worker') sessions.push(event.sessionId);
  });
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  const ask = (sessionId: string, method: string) =>
    new Promise<unknown>((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
    });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  let total = 0;
  for (const sessionId of sessions) {
    if (collect) await ask(sessionId, 'HeapProfiler.collectGarbage');
    total += ((await ask(sessionId, 'Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
  }
  await cdp.detach().catch(() => {});
  return total / 1024 / 1024;
}

/** The page's JS heap, sampled every 250 ms while `work` runs; returns the peak in MB. */
async function peakHeap<T>(page: Page, work: () => Promise<T>): Promise<{ result: T; peakMB: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  let peak = 0;
  let running = true;
  const sampler = (async () => {
    while (running) {
      if (args.retained) await cdp.send('HeapProfiler.collectGarbage').catch(() => undefined);
      const { metrics } = await cdp.send('Performance.getMetrics').catch(() => ({ metrics: [] }));
      peak = Math.max(peak, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  try {
    return { result: await work(), peakMB: peak / 1024 / 1024 };
  } finally {
    running = false;
    await sampler;
    await cdp.detach().catch(() => {});
  }
}

/**
 * `work` under the page's CPU profiler (CDP Profiler) when --profile is given: prints where the
 * renderer's main thread spent its time, by function (self time), and how much it sat idle —
 * idle is time spent waiting on something off the thread (IndexedDB in the browser process,
 * blob files, the download), which a JS profile cannot split further.
 */
async function profiled<T>(page: Page, label: string, work: () => Promise<T>): Promise<T> {
  if (!args.profile) return work();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  await cdp.send('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await cdp.send('Profiler.stop');
    await cdp.detach().catch(() => {});
    const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
    const self = new Map<string, number>();
    let total = 0;
    for (const [i, id] of (profile.samples ?? []).entries()) {
      const delta = profile.timeDeltas?.[i] ?? 0;
      const frame = byNode.get(id)!.callFrame;
      const file = frame.url.split('/').pop() || '';
      const name = `${frame.functionName || '(anonymous)'}${file ? ` ${file}:${frame.lineNumber + 1}` : ''}`;
      self.set(name, (self.get(name) ?? 0) + delta);
      total += delta;
    }
    const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20);
    console.log(`PROFILE ${label}: ${(total / 1000).toFixed(0)} ms sampled; top self time:`);
    for (const [name, us] of top)
      console.log(
        `  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`,
      );
  }
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN;
};
/**
 * CPU seconds used so far by every process of the browser run on `profile` (Linux /proc: user +
 * system time of each process whose command line names that profile). A phase's difference is
 * the work it cost the machine, which other work on the machine slows less than its wall time.
 */
function browserCpuS(profile: string): number {
  const flag = `--user-data-dir=${profile}`;
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(flag)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended meanwhile.
    }
  }
  return ticks / 100;
}

/** `value` added to `samples`; their median (the mean of the middle two when even). */
const median = (samples: number[], value: number) => {
  samples.push(value);
  const s = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const readerUrl = (t: Target) => `chrome-extension://${t.browser.extensionId}/reader.html`;

const phases: [string, (t: Target) => Promise<void>][] = [
  [
    'fill',
    async (t) => {
      // Through the build's own capture save path (pictures fitted or not, as that build does),
      // not written into IndexedDB directly: what a library captured by users holds.
      const page = await t.browser.openPage('options.html');
      await libraryReady(page);
      const before = await estimate(page);
      const started = performance.now();
      const { pictures } = await fillThroughCapture(page, corpus, {
        seed: SEED,
        count: COUNT,
        images,
        bundle: t.build.capture,
      });
      t.figures.fillS = (performance.now() - started) / 1000;
      t.figures.bytesPerArticle = Math.round(((await estimate(page)) - before) / COUNT);
      const stored = await storedBytes(page);
      if (stored.articles !== COUNT || stored.pictures !== pictures)
        throw new Error(
          `the library holds ${stored.articles} articles and ${stored.pictures} pictures, not ${COUNT} and ${pictures}`,
        );
      t.figures.bodyBytesPerArticle = Math.round(stored.bodyBytes / COUNT);
      t.figures.pictureBytesPerArticle = Math.round(stored.pictureBytes / COUNT);
      t.figures.bytesPerPicture = Math.round(stored.pictureBytes / Math.max(1, pictures));
      t.figures.webpShare = (stored.types['image/webp'] ?? 0) / Math.max(1, pictures);
      // The budget must count what is stored: its counter against the bodies and pictures as kept.
      t.figures.budgetCountedPerArticle =
        stored.usageCounter == null ? null : Math.round(stored.usageCounter / COUNT);
      t.figures.budgetCountedOff = (stored.usageCounter ?? NaN) - (stored.bodyBytes + stored.pictureBytes);
      t.notes.push(
        `stored pictures by type: ${Object.entries(stored.types)
          .map(([type, n]) => `${type} ${n}`)
          .join(
            ', ',
          )}; the articles' own byte counts sum to ${stored.articleBytes}, the usage counter ${stored.usageCounter}`,
      );
      await page.close();
      const idb = join(t.profile, 'Default', 'IndexedDB');
      t.figures.diskBytesPerArticle = Math.round(du(idb) / COUNT);
    },
  ],
  [
    'first search (index built)',
    async (t) => {
      const page = await t.browser.context.newPage();
      await page.goto(readerUrl(t));
      await page.getByTestId('library-search').fill(WORDS[0]!);
      // A build in a worker (this build's reader) is sampled as it goes: its peak is memory too.
      let building = true;
      let workerPeak = 0;
      const sampler = (async () => {
        while (building) {
          workerPeak = Math.max(workerPeak, await workerHeapMB(page, false).catch(() => 0));
          await new Promise((r) => setTimeout(r, 1000));
        }
      })();
      // The first answer with at least one hit: with a build that is searched while it runs (#17,
      // third round) that comes before the build is done; otherwise it is the build's end.
      await page.waitForFunction(
        () => /#./.test((globalThis as unknown as { __bench: InPageState }).__bench.results),
        undefined,
        { polling: 50, timeout: 30 * 60_000 },
      );
      // The frame callback that records their painting runs before one asked after it.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))));
      const first = await state(page);
      t.figures.firstResultsMs = first.resultsPainted - first.lastInput;
      // Built: no "still indexing" note (a build that has none shows results only when done).
      const doneAt = await page.waitForFunction(
        () => !document.querySelector('[data-testid=search-indexing]') && performance.now(),
        undefined,
        { polling: 100, timeout: 30 * 60_000 },
      );
      const builtAt = Number(await doneAt.jsonValue());
      building = false;
      await sampler;
      t.figures.indexWorkerPeakMB = workerPeak;
      await settled(page, 30 * 60_000);
      const s = await state(page);
      // The final answer may show the same hits as the last partial one (no repaint): the note's
      // disappearance, polled every 100 ms, marks the end then.
      t.figures.indexBuildMs = Math.max(s.resultsPainted, builtAt) - s.lastInput;
      await page.close();
    },
  ],
  [
    'reader ready, heap, keystrokes',
    async (t) => {
      const ready: number[] = [];
      const typed: number[] = [];
      let page: Page | undefined;
      for (let round = 0; round < 3; round++) {
        await page?.close();
        page = await t.browser.context.newPage();
        await page.goto(readerUrl(t), { waitUntil: 'commit' });
        // Typed as soon as the box is there: navigation start → that word's results painted.
        await page.getByTestId('library-search').fill(WORDS[1 + round]!);
        await page.getByTestId('search-count').waitFor({ timeout: 600_000 });
        await settled(page);
        const s = await state(page);
        ready.push(s.resultsPainted);
        // When the word went in (the box was there, and Playwright typed): the page's own load
        // apart from the search.
        typed.push(s.lastInput);
      }
      t.samples.readerReady = ready;
      t.samples.readerReadyTyped = typed;
      t.figures.readerReadyMs = quantile(ready, 0.5);
      t.figures.readerHeapReadyMB = await heapMB(page!);
      t.figures.readerWorkerHeapReadyMB = await workerHeapMB(page!);
      const results: number[] = [];
      const paced: number[] = [];
      const passages: number[] = [];
      const box = page!.getByTestId('library-search');
      for (const [i, word] of WORDS.entries()) {
        // The same word list as before, typed with no pause; then a word of the paced half,
        // a key every KEY_INTERVAL ms (Playwright holds each key down that long).
        const pacedWord = PACED_WORDS[i];
        if (pacedWord) {
          await box.fill('');
          await settled(page!, 60_000, 400, 400);
          await box.focus();
          await page!.keyboard.type(pacedWord, { delay: KEY_INTERVAL });
          await settled(page!);
          const s = await state(page!);
          if (/#./.test(s.results)) {
            paced.push(Math.max(0, s.resultsPainted - s.lastInput));
            // A 0 (the last key did not change the results) has no time to split.
            if (s.resultsPainted > s.lastInput) await splitQuery(page!, s, t, 'Paced');
          } else t.notes.push(`no results for "${pacedWord}"`);
        }
        await box.fill('');
        await settled(page!, 60_000, 400, 400);
        await box.focus();
        await page!.keyboard.type(word);
        await settled(page!);
        const s = await state(page!);
        if (!/#./.test(s.results)) {
          t.notes.push(`no results for "${word}"`);
          continue;
        }
        results.push(Math.max(0, s.resultsPainted - s.lastInput));
        if (s.passages) passages.push(Math.max(0, s.passagesPainted - s.lastInput));
        await splitQuery(page!, s, t, '');
      }
      t.samples.keystroke = results;
      t.samples.keystrokePaced = paced;
      t.figures.keystrokePacedP50Ms = paced.length ? quantile(paced, 0.5) : null;
      t.figures.keystrokePacedP95Ms = paced.length ? quantile(paced, 0.95) : null;
      t.samples.passages = passages;
      t.figures.keystrokeP50Ms = quantile(results, 0.5);
      t.figures.keystrokeP95Ms = quantile(results, 0.95);
      t.figures.passagesP50Ms = passages.length ? quantile(passages, 0.5) : null;
      t.figures.passagesP95Ms = passages.length ? quantile(passages, 0.95) : null;
      t.figures.readerPageHeapMB = await heapMB(page!);
      t.figures.readerWorkerHeapMB = await workerHeapMB(page!);
      // The page and its index worker together: moving the index into a worker must not hide it.
      t.figures.readerHeapMB = t.figures.readerPageHeapMB + t.figures.readerWorkerHeapMB;
      await page!.close();
    },
  ],
  [
    'article open',
    async (t) => {
      const page = await t.browser.context.newPage();
      await page.goto(readerUrl(t));
      await page.evaluate('globalThis.__name = (f) => f');
      const opens: number[] = [];
      const pictures: number[] = [];
      for (let i = 0; i < Number(args.opens); i++) {
        await page.getByTestId('article-item').first().waitFor();
        const opened = await page.evaluate(
          (n) =>
            new Promise<{ text: number; picture: number | null; read?: number; rendered?: number }>(
              (finish) => {
                const start = performance.now();
                // Where the time went, for builds that mark it (ArticleView: read, rendered).
                const mark = (name: string) => {
                  const last = performance.getEntriesByName(name).pop();
                  return last && last.startTime >= start ? last.startTime - start : undefined;
                };
                const resolve = (times: { text: number; picture: number | null }) =>
                  finish({ ...times, read: mark('article-read'), rendered: mark('article-rendered') });
                // After the frame that shows it: a message posted from that frame's callback is
                // handled once its style, layout and paint are done.
                const afterPaint = (then: () => void) =>
                  requestAnimationFrame(() => {
                    const channel = new MessageChannel();
                    channel.port1.onmessage = then;
                    channel.port2.postMessage(0);
                  });
                // Opened: the frame after the body's text is in the DOM. Its first picture (for
                // the articles that have one) is timed on: loaded, decoded, and the frame after.
                let text: number | undefined;
                const done = () => {
                  const body = document.querySelector('[data-testid=article-body]');
                  if (text !== undefined || !body?.querySelector('p')) return;
                  observer.disconnect();
                  text = -1;
                  afterPaint(() => {
                    text = performance.now() - start;
                    const img = body.querySelector<HTMLImageElement>('img');
                    if (!img) return resolve({ text, picture: null });
                    const painted = () =>
                      img.decode().then(
                        () => afterPaint(() => resolve({ text: text!, picture: performance.now() - start })),
                        () => resolve({ text: text!, picture: null }),
                      );
                    if (img.complete && img.naturalWidth > 0) void painted();
                    else img.addEventListener('load', () => void painted(), { once: true });
                  });
                };
                const observer = new MutationObserver(done);
                observer.observe(document.body, { childList: true, subtree: true, attributes: true });
                document.querySelectorAll<HTMLAnchorElement>('[data-testid=article-item] a')[n]!.click();
              },
            ),
          (i * 7) % 50,
        );
        opens.push(opened.text);
        if (opened.picture !== null) pictures.push(opened.picture);
        if (opened.read !== undefined && opened.rendered !== undefined) {
          (t.samples.openRead ??= []).push(opened.read);
          (t.samples.openRender ??= []).push(opened.rendered - opened.read);
          (t.samples.openToPaint ??= []).push(opened.text - opened.rendered);
        }
        await page
          .getByRole('button', { name: /Back to the library/ })
          .first()
          .click();
        if (OPEN_PAUSE) await settled(page, 60_000, OPEN_PAUSE, 0);
      }
      t.samples.open = opens;
      t.samples.openPicture = pictures;
      t.figures.openP50Ms = quantile(opens, 0.5);
      t.figures.openP95Ms = quantile(opens, 0.95);
      t.figures.openPictureP50Ms = pictures.length ? quantile(pictures, 0.5) : null;
      t.figures.openPictureP95Ms = pictures.length ? quantile(pictures, 0.95) : null;
      await page.close();
    },
  ],
  [
    `export and import of ${PACK}`,
    async (t) => {
      const exporter = await launch(t.build, 'export');
      const importer = await launch(t.build, 'import');
      try {
        const fill = await exporter.browser.openPage('options.html');
        await libraryReady(fill);
        await fillBenchLibrary(fill, corpus, { seed: SEED, count: PACK, images });
        await fill.close();
        const reader = await exporter.browser.openPage('reader.html');
        await reader.getByTestId('pack-export').waitFor();
        const path = join(work, `pack-${t.figures.index}.html`);
        const exportCpu = browserCpuS(exporter.profile);
        const exported = await peakHeap(reader, () =>
          profiled(reader, `${t.build.name} export`, async () => {
            const started = performance.now();
            const [download] = await Promise.all([
              reader.waitForEvent('download', { timeout: 30 * 60_000 }),
              reader.getByTestId('pack-export').click(),
            ]);
            await download.saveAs(path);
            return performance.now() - started;
          }),
        );
        t.figures.exportCpuS = median(
          (t.samples.exportCpuS ??= []),
          browserCpuS(exporter.profile) - exportCpu,
        );
        const bytes = statSync(path).size;
        t.figures.exportPerS = median((t.samples.exportPerS ??= []), PACK / (exported.result / 1000));
        t.figures.exportMBPerS = bytes / 1024 / 1024 / (exported.result / 1000);
        t.figures.exportPeakHeapMB = exported.peakMB;
        t.figures.packBytesPerArticle = Math.round(bytes / PACK);
        // The floor: the same number of bytes written as a file from the same page, plainly.
        const plainStarted = performance.now();
        const [plain] = await Promise.all([
          reader.waitForEvent('download', { timeout: 600_000 }),
          reader.evaluate((size) => {
            const a = document.createElement('a');
            a.href = URL.createObjectURL(new Blob([new Uint8Array(size)], { type: 'text/html' }));
            a.download = 'plain.html';
            a.click();
          }, bytes),
        ]);
        await plain.saveAs(join(work, 'plain.html'));
        const plainMs = performance.now() - plainStarted;
        t.figures.plainWriteMBPerS = bytes / 1024 / 1024 / (plainMs / 1000);
        await reader.close();

        const other = await importer.browser.openPage('reader.html');
        await other.getByTestId('pack-import').waitFor();
        const importCpu = browserCpuS(importer.profile);
        const imported = await peakHeap(other, () =>
          profiled(other, `${t.build.name} import`, async () => {
            const started = performance.now();
            await other.getByTestId('pack-import').setInputFiles(path);
            // The import ends with a summary or a refusal (a 1,000-article pack of this corpus is
            // ~110 MB, over PACK_LIMITS.fileBytes: the earlier "hang" was this wait missing the
            // refusal). A refusal is reported, not waited out.
            await other
              .locator(
                '[data-testid="pack-import-summary"], [data-testid="pack-import-status"] .source-error',
              )
              .first()
              .waitFor({ timeout: 30 * 60_000 });
            return performance.now() - started;
          }),
        );
        t.figures.importCpuS = median(
          (t.samples.importCpuS ??= []),
          browserCpuS(importer.profile) - importCpu,
        );
        const refused = other.locator('[data-testid="pack-import-status"] .source-error');
        if (await refused.count())
          throw new Error(
            `import of the ${Math.round(bytes / 1024 / 1024)} MB pack refused: ${await refused.textContent()}`,
          );
        // A figure for an import that lost articles would be a figure for the wrong work.
        const stored = await other.evaluate(
          () =>
            new Promise<number>((resolve, reject) => {
              const open = indexedDB.open('vantage');
              open.onerror = () => reject(open.error);
              open.onsuccess = () => {
                const count = open.result.transaction('articles').objectStore('articles').count();
                count.onsuccess = () => resolve(count.result);
                count.onerror = () => reject(count.error);
              };
            }),
        );
        if (stored !== PACK)
          throw new Error(
            `import stored ${stored} of ${PACK} articles: ${await other.getByTestId('pack-import-summary').textContent()}`,
          );
        t.figures.importPerS = median((t.samples.importPerS ??= []), PACK / (imported.result / 1000));
        t.figures.importPeakHeapMB = imported.peakMB;
        await other.close();
        rmSync(path, { force: true });
      } finally {
        await exporter.browser.close();
        await importer.browser.close();
        rmSync(exporter.profile, { recursive: true, force: true });
        rmSync(importer.profile, { recursive: true, force: true });
      }
    },
  ],
];

const targets: Target[] = [];
try {
  for (const [index, build] of builds.entries()) {
    const { browser, profile } = await launch(build, 'main');
    targets.push({ build, browser, profile, figures: { index }, samples: {}, notes: [] });
  }
  log(`builds: ${builds.map((b) => b.name).join(' | ')}; ${cpus().length} cores`);
  log(`words typed: ${WORDS.join(' ')}; a key every ${KEY_INTERVAL} ms: ${PACED_WORDS.join(' ')}`);
  // --pack 0: no export/import phase (a quicker loop for the reader's figures).
  const packPhase = phases.slice(-1);
  const chosen = (args['packs-only'] ? packPhase : PACK > 0 ? phases : phases.slice(0, -1)).slice(
    reused && !args['packs-only'] ? (args.reindex ? 1 : 2) : 0,
  );
  if (reused) log(`reusing the library kept in ${KEPT}: no fill${args.reindex ? '' : ', no first search'}`);
  const packRuns = Math.max(1, Number(args['pack-runs']));
  const runs = [...chosen, ...Array.from({ length: PACK > 0 ? packRuns - 1 : 0 }, () => packPhase[0]!)];
  for (const [name, run] of runs) {
    // Alternately, so each build is measured under the same load; only one measures at a time.
    for (const t of targets) {
      const started = performance.now();
      await run(t);
      if (KEPT && name === 'first search (index built)')
        writeFileSync(join(KEPT, `filled-${COUNT}-${SEED}`), '');
      t.figures[`load:${name}`] = loadavg()[0]!;
      // Each phase's figures as soon as they exist, so a later phase failing loses none of them.
      const figures = Object.entries(t.figures)
        .filter(([k, v]) => !k.startsWith('load:') && k !== 'index' && v != null)
        .map(([k, v]) => `${k}=${v!.toFixed(1)}`);
      log(
        `${t.build.name}: ${name} done in ${((performance.now() - started) / 1000).toFixed(0)} s; ${figures.join(' ')}`,
      );
    }
  }
} finally {
  for (const t of targets) await t.browser.close();
  for (const cleanup of cleanups) {
    try {
      cleanup();
    } catch (error) {
      console.error(error);
    }
  }
}

// --- Report ------------------------------------------------------------------------------------------

const ROWS: [string, string, number][] = [
  ['keystroke → results painted, p50 (ms)', 'keystrokeP50Ms', 0],
  ['keystroke → results painted, p95 (ms)', 'keystrokeP95Ms', 0],
  [
    `typed a key every ${KEY_INTERVAL} ms: last keystroke → results painted, p50 (ms)`,
    'keystrokePacedP50Ms',
    0,
  ],
  [
    `typed a key every ${KEY_INTERVAL} ms: last keystroke → results painted, p95 (ms)`,
    'keystrokePacedP95Ms',
    0,
  ],
  ['keystroke → passages painted, p50 (ms)', 'passagesP50Ms', 0],
  ['keystroke → passages painted, p95 (ms)', 'passagesP95Ms', 0],
  ['first search after the library grew: first hits painted (ms)', 'firstResultsMs', 0],
  ['first search after the library grew: index built (ms)', 'indexBuildMs', 0],
  ['reader ready: open → first results painted, median of 3 (ms)', 'readerReadyMs', 0],
  ['reader JS heap after GC, index loaded (MB)', 'readerHeapReadyMB', 1],
  ['reader index worker JS heap after GC, index loaded (MB)', 'readerWorkerHeapReadyMB', 1],
  ['reader JS heap after GC, after the searches: page (MB)', 'readerPageHeapMB', 1],
  ['reader JS heap after GC, after the searches: its index worker (MB)', 'readerWorkerHeapMB', 1],
  ['reader JS heap after GC, after the searches: page + worker (MB)', 'readerHeapMB', 1],
  ['first search: index worker JS heap peak, sampled each second (MB)', 'indexWorkerPeakMB', 0],
  ['article open, click → text painted, p50 (ms)', 'openP50Ms', 0],
  ['article open, click → text painted, p95 (ms)', 'openP95Ms', 0],
  ['article open, click → first picture painted, p50 (ms)', 'openPictureP50Ms', 0],
  ['article open, click → first picture painted, p95 (ms)', 'openPictureP95Ms', 0],
  [`export ${PACK} (articles/s)`, 'exportPerS', 0],
  ['export (MB/s)', 'exportMBPerS', 1],
  ['floor: same bytes written plainly (MB/s)', 'plainWriteMBPerS', 1],
  ['export: page JS heap peak (MB)', 'exportPeakHeapMB', 0],
  ['export: CPU used by the exporting browser, all its processes (s)', 'exportCpuS', 2],
  [`import ${PACK} into an empty profile (articles/s)`, 'importPerS', 0],
  ['import: page JS heap peak (MB)', 'importPeakHeapMB', 0],
  ['import: CPU used by the importing browser, all its processes (s)', 'importCpuS', 2],
  ['pack file per article (bytes)', 'packBytesPerArticle', 0],
  ['storage per article, storage.estimate() (bytes)', 'bytesPerArticle', 0],
  ['storage per article, IndexedDB files on disk (bytes)', 'diskBytesPerArticle', 0],
  ['  of which body: stored HTML + text, per article (bytes)', 'bodyBytesPerArticle', 0],
  ['  of which pictures, per article (bytes)', 'pictureBytesPerArticle', 0],
  ['stored bytes per picture', 'bytesPerPicture', 0],
  ['share of pictures stored as WebP', 'webpShare', 2],
  ['what the budget counts, per article (usage counter, bytes)', 'budgetCountedPerArticle', 0],
  ['budget counter − (bodies + pictures as stored) (bytes)', 'budgetCountedOff', 0],
  [`filling ${COUNT} articles (s, not a user figure)`, 'fillS', 0],
];
const cell = (v: number | null | undefined, digits: number) =>
  v == null || Number.isNaN(v) ? '—' : v.toFixed(digits);
const lines = [
  `| ${COUNT} articles | ${targets.map((t) => t.build.name).join(' | ')}${targets.length > 1 ? ' | this ÷ baseline' : ''} |`,
];
lines.push(`|---|${targets.map(() => '---|').join('')}${targets.length > 1 ? '---|' : ''}`);
for (const [label, key, digits] of ROWS) {
  const values = targets.map((t) => t.figures[key]);
  const ratio =
    targets.length > 1 && values[0] != null && values[1] ? `${(values[0] / values[1]!).toFixed(2)}×` : '';
  lines.push(
    `| ${label} | ${values.map((v) => cell(v, digits)).join(' | ')}${targets.length > 1 ? ` | ${ratio}` : ''} |`,
  );
}
console.log(`\n${lines.join('\n')}\n`);
for (const t of targets) {
  const phaseLoad = Object.entries(t.figures)
    .filter(([k]) => k.startsWith('load:'))
    .map(([k, v]) => `${k.slice(5)} ${v!.toFixed(1)}`);
  console.log(`${t.build.name}: load average after each phase: ${phaseLoad.join('; ')}`);
  for (const note of t.notes) console.log(`  note: ${note}`);
  console.log(`  keystroke samples (ms): ${t.samples.keystroke?.map((x) => x.toFixed(0)).join(' ')}`);
  console.log(
    `  keystroke samples, a key every ${KEY_INTERVAL} ms (ms): ${t.samples.keystrokePaced?.map((x) => x.toFixed(0)).join(' ')}`,
  );
  console.log(`  passages samples (ms): ${t.samples.passages?.map((x) => x.toFixed(0)).join(' ')}`);
  for (const [name, key] of [
    ['keystroke → query started', 'queryWait'],
    ['query ran', 'queryRun'],
    ['query answered → results painted', 'queryToPaint'],
    [
      `a key every ${KEY_INTERVAL} ms, where the results changed: keystroke → query started`,
      'queryWaitPaced',
    ],
    [`a key every ${KEY_INTERVAL} ms, where the results changed: query ran`, 'queryRunPaced'],
    [
      `a key every ${KEY_INTERVAL} ms, where the results changed: query answered → results painted`,
      'queryToPaintPaced',
    ],
    ['article open: click → read from the database', 'openRead'],
    ['article open: read → body rendered (sanitized, parsed, attached)', 'openRender'],
    ['article open: rendered → text painted', 'openToPaint'],
  ] as const)
    if (t.samples[key])
      console.log(
        `  ${name} (ms): p50 ${quantile(t.samples[key], 0.5).toFixed(0)} p95 ${quantile(t.samples[key], 0.95).toFixed(0)}: ${t.samples[key].map((x) => x.toFixed(0)).join(' ')}`,
      );
  console.log(`  open samples, text (ms): ${t.samples.open?.map((x) => x.toFixed(0)).join(' ')}`);
  console.log(
    `  open samples, first picture (ms): ${t.samples.openPicture?.map((x) => x.toFixed(0)).join(' ')}`,
  );
  console.log(`  reader ready samples (ms): ${t.samples.readerReady?.map((x) => x.toFixed(0)).join(' ')}`);
  console.log(
    `  reader ready samples, word typed at (ms): ${t.samples.readerReadyTyped?.map((x) => x.toFixed(0)).join(' ')}`,
  );
  console.log(
    `  export / import runs (articles/s): ${t.samples.exportPerS?.map((x) => x.toFixed(0)).join(' ')} / ${t.samples.importPerS?.map((x) => x.toFixed(0)).join(' ')}`,
  );
  console.log(
    `  export / import runs, CPU of that browser (s): ${t.samples.exportCpuS?.map((x) => x.toFixed(2)).join(' ')} / ${t.samples.importCpuS?.map((x) => x.toFixed(2)).join(' ')}`,
  );
}
const bench = (t: Target) => {
  const f = t.figures;
  const r = (v: number | null | undefined, digits = 0) => (v == null ? null : Number(v.toFixed(digits)));
  return JSON.stringify({
    keystrokeP95Ms: r(f.keystrokeP95Ms),
    keystrokePacedP95Ms: r(f.keystrokePacedP95Ms),
    readerReadyMs: r(f.readerReadyMs),
    readerHeapMB: r(f.readerHeapMB, 1),
    openP95Ms: r(f.openP95Ms),
    openPictureP95Ms: r(f.openPictureP95Ms),
    exportPerS: r(f.exportPerS),
    importPerS: r(f.importPerS),
    bytesPerArticle: r(f.bytesPerArticle),
  });
};
if (targets[1]) console.log(`BENCH_BASELINE ${bench(targets[1])}`);
console.log(`BENCH ${bench(targets[0]!)}`);
