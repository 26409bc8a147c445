import {
  laneRelease,
  openOutage,
  pruneBefore,
  putOutage,
  recoverInterruptedRuns,
  startRun,
  unfinishedRuns,
  type RunDeps,
  type RunProgress,
} from '../run';
import type { WxtBrowser as Browser } from 'wxt/browser';
import { openDatabase, type MeasurementRecord, type RunRecord } from '../db';
import { checkCaptivePortal, createNetLog, type WebRequestLike, observeTarget } from '../probe';
import type { TlsObservation } from '../probe/types';
import { loadSettings, type Settings } from '../settings';
import type { Target } from '../targets/types';
import { classify } from '../verdict';
import type { ConnectionState } from '../verdict/types';
import { assessConnection } from '../connectivity';
import { fingerprintsInForce, loadInstalledBundle, putBundleInForce } from '../data-bundle';
import { toTlsObservation, type SecurityInfoLike } from './firefox-tls';
import { applyProgress, engineStatus, type EngineStatus } from './status';
import { activeTargets, targetForUrl } from './targets';

/** A cancelled run stops within milliseconds (its requests are aborted); never let a wipe hang on one. */
const HALT_WAIT_MS = 5_000;

/** How long an interrupted run may be resumed; older ones are closed as partial. */
const RESUME_WINDOW_MS = 10 * 60_000;

export interface Engine {
  checkNow(
    trigger: RunRecord['trigger'],
    only?: Target[],
  ): Promise<{ runId: string; alreadyRunning: boolean }>;
  cancel(): boolean;
  /**
   * Before a wipe: cancel the run in progress and wait (at most HALT_WAIT_MS) until it and every
   * status write it started have finished, then forget the cached status. Otherwise a cancelled
   * run's last progress report lands after the wipe, re-creating the database (outage log) and
   * writing the pre-wipe status back into storage.local.
   */
  halt(): Promise<void>;
  checkUrl(url: string, trigger: RunRecord['trigger']): Promise<MeasurementRecord | undefined>;
  recover(): Promise<void>;
  prune(): Promise<number>;
}

export interface EngineHooks {
  /** Any run closed (done, cancelled, partial): contribution queues its measurements. */
  onRunClosed?(runId: string): void;
  /** A new connection state was logged (not a repeat): the library refreshes on first degradation. */
  onTransition?(previous: ConnectionState | undefined, next: ConnectionState): void;
}

export function createEngine(
  browser: Browser,
  kind: 'chromium' | 'firefox',
  hooks: EngineHooks = {},
): Engine {
  // Registered at startup, synchronously, so the worker's first request is already observed.
  const webRequest = browser.webRequest as unknown as WebRequestLike;
  const netLog = createNetLog(webRequest);
  const tlsByUrl = new Map<string, TlsObservation>();
  if (kind === 'firefox') watchCertificates(browser, tlsByUrl);

  let current: { runId: string; controller: AbortController; done: Promise<unknown> } | undefined;
  // Read through a call: TypeScript narrows `current` across awaits that may have changed it.
  const running = () => current;
  let status: EngineStatus | undefined;
  // Status writes in flight, so halt() can wait for them (they are fire-and-forget for the run).
  const publishing = new Set<Promise<void>>();
  // One-site checks (the tab's "Check this site", a failed or slow page's diagnosis) run beside
  // the main run: halt() must stop them too, or one would write its site back after a wipe.
  const siteChecks = new Set<{ controller: AbortController; done: Promise<unknown> }>();

  async function publish(progress: RunProgress) {
    status ??= await engineStatus.getValue();
    status = applyProgress(status, progress, Date.now());
    // A run that measured nothing (cancelled at once) says nothing about the connection.
    if (progress.connection && progress.connection.state !== 'unknown')
      status.stateSince = await logTransition(progress.connection.state);
    await engineStatus.setValue(status);
  }

  async function logTransition(state: NonNullable<RunProgress['connection']>['state']): Promise<number> {
    const db = await openDatabase();
    const now = Date.now();
    const open = await openOutage(db);
    if (open?.state === state) return open.start;
    if (open) await putOutage(db, { ...open, end: now });
    await putOutage(db, { state, start: now });
    hooks.onTransition?.(open?.state, state);
    return now;
  }

  async function runDeps(settings: Settings): Promise<RunDeps> {
    // Blockpage fingerprints: a signed data bundle's on top of the shipped set (lib/data-bundle);
    // its target packs put in force before any caller makes a target list (a worker just woken
    // may not have read them yet).
    const bundle = await loadInstalledBundle(browser.storage.local);
    putBundleInForce(bundle);
    const fingerprints = fingerprintsInForce(bundle);
    return {
      db: await openDatabase(),
      observe: (target, signal) =>
        observeTarget(target, {
          fetch: (...args) => fetch(...args),
          netLog,
          browser: kind,
          dohResolvers: settings.dohResolvers,
          timeoutMs: settings.requestTimeoutMs,
          signal,
          tlsFor: (url) => tlsByUrl.get(url),
          systemResolve: kind === 'firefox' ? (host) => systemResolve(browser, host) : undefined,
        }),
      classify: (observation, context) => classify(observation, { ...context, fingerprints }),
      checkCaptive: () =>
        checkCaptivePortal(settings.captiveCheckUrl, {
          fetch: (...args) => fetch(...args),
          timeoutMs: Math.min(settings.requestTimeoutMs, 10_000),
        }),
      assess: (results, captive) => assessConnection({ results, captiveCheck: captive }),
      onProgress: (progress) => {
        const write = publish(progress).catch(() => undefined);
        publishing.add(write);
        void write.finally(() => publishing.delete(write));
        if (progress.status !== 'running') hooks.onRunClosed?.(progress.runId);
      },
      concurrency: settings.concurrency,
      ...laneRelease(settings.concurrency, settings.requestTimeoutMs),
      now: () => Date.now(),
      newId: () => crypto.randomUUID(),
    };
  }

  // Once per worker: find runs an earlier worker left unfinished, resume (and register) the recent
  // one, close the rest. Idempotent and shared, so whichever comes first — the startup call or a
  // "Check now" that woke this worker — nothing is resumed twice and no second run starts beside it.
  let discovery: Promise<{ finished: Promise<unknown> }> | undefined;
  function discover(): Promise<{ finished: Promise<unknown> }> {
    discovery ??= (async () => {
      const settings = await loadSettings();
      const deps = await runDeps(settings);
      const stuck = await unfinishedRuns(deps.db);
      if (stuck.length === 0) return { finished: Promise.resolve() };
      const all = activeTargets(settings);
      const controller = new AbortController();
      const resumable = stuck.find((run) => Date.now() - run.startedAt <= RESUME_WINDOW_MS);
      const finished = recoverInterruptedRuns(
        stuck,
        (run) => all.filter((t) => run.targetIds.includes(t.id)),
        deps,
        RESUME_WINDOW_MS,
        controller.signal,
      ).finally(() => {
        if (current?.controller === controller) current = undefined;
      });
      if (resumable) current = { runId: resumable.id, controller, done: finished };
      return { finished };
    })().catch(() => ({ finished: Promise.resolve() }));
    return discovery;
  }

  return {
    async checkNow(trigger, only) {
      await discover();
      if (current) return { runId: current.runId, alreadyRunning: true };
      const settings = await loadSettings();
      const deps = await runDeps(settings);
      const targets = only ?? activeTargets(settings);
      // Another "Check now" may have started one while this one read the settings: join it.
      const joined = running();
      if (joined) return { runId: joined.runId, alreadyRunning: true };
      const controller = new AbortController();
      const { runId, finished } = startRun(trigger, targets, deps, controller.signal);
      const done = finished.finally(() => {
        if (current?.runId === runId) current = undefined;
      });
      current = { runId, controller, done };
      return { runId, alreadyRunning: false };
    },

    cancel() {
      if (!current) return false;
      current.controller.abort();
      return true;
    },

    async halt() {
      const running = current;
      running?.controller.abort();
      for (const check of siteChecks) check.controller.abort();
      const settled = Promise.all([
        running?.done.catch(() => undefined),
        ...[...siteChecks].map((check) => check.done.catch(() => undefined)),
        ...publishing,
      ]);
      await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, HALT_WAIT_MS))]);
      // A write started by the run's last report has been queued by now: wait for it too.
      await Promise.race([
        Promise.all([...publishing]),
        new Promise((resolve) => setTimeout(resolve, HALT_WAIT_MS)),
      ]);
      status = undefined;
    },

    async checkUrl(url, trigger) {
      const settings = await loadSettings();
      const deps = await runDeps(settings);
      const target = targetForUrl(url, activeTargets(settings));
      if (!target) return undefined;
      const controller = new AbortController();
      const { finished } = startRun(
        trigger,
        [target],
        {
          ...deps,
          onProgress: (progress) => {
            if (progress.status !== 'running') hooks.onRunClosed?.(progress.runId);
          },
        },
        controller.signal,
      );
      const check = { controller, done: finished };
      siteChecks.add(check);
      try {
        const run = await finished;
        const [measurement] = await deps.db.getAllFromIndex('measurements', 'byRun', run.id);
        return measurement;
      } finally {
        siteChecks.delete(check);
      }
    },

    async recover() {
      await await discover();
    },

    async prune() {
      const settings = await loadSettings();
      return pruneBefore(await openDatabase(), Date.now() - settings.retentionDays * 86_400_000);
    },
  };
}

function watchCertificates(browser: Browser, tlsByUrl: Map<string, TlsObservation>): void {
  type FirefoxWebRequest = {
    onHeadersReceived: {
      addListener(
        listener: (details: { requestId: string; url: string }) => Promise<object>,
        filter: { urls: string[]; tabId?: number },
        extra: string[],
      ): void;
    };
    getSecurityInfo(requestId: string, options: { certificateChain: boolean }): Promise<SecurityInfoLike>;
  };
  const webRequest = browser.webRequest as unknown as FirefoxWebRequest;
  // getSecurityInfo only answers inside a blocking onHeadersReceived listener.
  webRequest.onHeadersReceived.addListener(
    (details) =>
      webRequest
        .getSecurityInfo(details.requestId, { certificateChain: true })
        .then((info) => {
          tlsByUrl.set(details.url, toTlsObservation(info));
          if (tlsByUrl.size > 500) tlsByUrl.delete(tlsByUrl.keys().next().value!);
          return {};
        })
        .catch(() => ({})),
    { urls: ['https://*/*'], tabId: -1 },
    ['blocking'],
  );
}

async function systemResolve(browser: Browser, host: string) {
  const start = Date.now();
  type Dns = { resolve(host: string, flags?: string[]): Promise<{ addresses: string[] }> };
  try {
    const answer = await (browser as unknown as { dns: Dns }).dns.resolve(host, [
      'disable_ipv6',
      'bypass_cache',
    ]);
    return {
      resolver: 'system',
      via: 'system' as const,
      ok: true,
      rcode: 'NOERROR' as const,
      addresses: answer.addresses,
      ms: Date.now() - start,
    };
  } catch (error) {
    const message = String(error);
    const nxdomain = /UNKNOWN_HOST|NS_ERROR_UNKNOWN_HOST/i.test(message);
    return {
      resolver: 'system',
      via: 'system' as const,
      ok: nxdomain,
      ...(nxdomain ? { rcode: 'NXDOMAIN' as const } : {}),
      addresses: [],
      error: message,
      ms: Date.now() - start,
    };
  }
}
