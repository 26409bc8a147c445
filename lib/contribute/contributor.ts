import type { WxtBrowser as Browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { openDatabase } from '../db';
import { getRun, measurementsOfRun } from '../run';
import { loadSettings } from '../settings';
import { inTurn } from '../turns';
import { checkIn, type CheckInResult, type ProbeLocation } from './checkin';
import { addToOutbox, makeDueNow, nextDueAt, removeFromOutbox } from './outbox';
import { prepareForOutbox } from './prepare';
import { guardContributionRequests } from './request-guard';
import { flushOutbox, type FlushSummary } from './submit';

export const OUTBOX_ALARM = 'contribute-outbox';
/** storage.local: what the options panel shows beside the queue. No address, no identifier. */
const CONTRIBUTE_STATE_KEY = 'contributeState';

export interface ContributeState {
  /** The network of the last successful check-in (country and AS number only). */
  lastLocation?: ProbeLocation & { at: number };
  /** Unsent measurements removed because the outbox was full, oldest first. */
  dropped?: { count: number; at: number };
}

/** The one way to read and write it: typed, `{}` until something happened (same key, same shape). */
export const contributeState = storage.defineItem<ContributeState>(`local:${CONTRIBUTE_STATE_KEY}`, {
  fallback: {},
});

export interface Contributor {
  /** A run closed: queue its measurements (with consent) and try to send. */
  onRunClosed(runId: string): Promise<void>;
  /** Send what is due now (single flight: a second call joins the first). */
  flush(): Promise<FlushSummary>;
  /** "Retry now" from the panel: these records (or every pending one) become due, then flush. */
  retryNow(ids?: string[]): Promise<FlushSummary>;
  remove(ids: string[]): Promise<number>;
  /** Worker start, alarm, `online`: resume sending whatever is due and re-arm the schedule. */
  resume(): Promise<void>;
}

/** A check-in is good for a minute: a run's queueing and the flush right after share one. */
const CHECK_IN_REUSE_MS = 60_000;
/** Chrome will not fire an alarm sooner than 30 s; quicker retries use a timer meanwhile. */
const ALARM_MIN_MS = 30_000;

export function createContributor(browser: Browser, softwareVersion: string): Contributor {
  // The device's address, if a check-in ever reports it (OONI's does not): memory only, to scrub.
  const seenIps = new Set<string>();
  let lastCheckIn: { at: number; result: CheckInResult } | undefined;
  let flushing: Promise<FlushSummary> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  // Firefox: Origin (and anything naming this installation) stripped from every contribution
  // request; the guard follows the settings' servers before each request is made.
  const guard = guardContributionRequests(browser);
  let guarded = '';
  const fetcher: typeof fetch = async (input, init) => {
    const { ooniApiBase, collectorBase } = await loadSettings();
    if (guarded !== `${ooniApiBase} ${collectorBase}`) {
      guard.watch([ooniApiBase, collectorBase]);
      guarded = `${ooniApiBase} ${collectorBase}`;
    }
    return fetch(input, init);
  };
  // In place at worker start, before the first flush can run.
  void loadSettings().then(({ ooniApiBase, collectorBase }) => {
    if (guarded) return;
    guard.watch([ooniApiBase, collectorBase]);
    guarded = `${ooniApiBase} ${collectorBase}`;
  });

  const readState = () => contributeState.getValue();
  // A check-in's location and a run's dropped count can be written while the other is between its
  // read and its write (a flush runs beside a closing run): the updates take turns.
  const updateState = (change: (state: ContributeState) => Partial<ContributeState>) =>
    inTurn(CONTRIBUTE_STATE_KEY, async () => {
      const state = await readState();
      await contributeState.setValue({ ...state, ...change(state) });
    });

  async function freshCheckIn(apiBase: string): Promise<CheckInResult> {
    if (lastCheckIn?.result.ok && Date.now() - lastCheckIn.at < CHECK_IN_REUSE_MS) return lastCheckIn.result;
    const result = await checkIn({ apiBase, softwareVersion, runType: 'timed', fetch: fetcher });
    lastCheckIn = { at: Date.now(), result };
    if (result.ok) {
      if (result.probeIp) seenIps.add(result.probeIp);
      if (result.location) {
        const lastLocation = { ...result.location, at: Date.now() };
        await updateState(() => ({ lastLocation }));
      }
    }
    return result;
  }

  async function schedule() {
    clearTimeout(timer);
    timer = undefined;
    const settings = await loadSettings();
    const next = settings.contribute.enabled ? await nextDueAt(await openDatabase()) : undefined;
    if (next === undefined) {
      await browser.alarms.clear(OUTBOX_ALARM);
      return;
    }
    const delay = Math.max(0, next - Date.now());
    // The alarm survives the worker and the browser; the timer covers the quick retries.
    await browser.alarms.create(OUTBOX_ALARM, { when: Date.now() + Math.max(delay, ALARM_MIN_MS) });
    if (delay < ALARM_MIN_MS) timer = setTimeout(() => void flush(), delay);
  }

  function flush(): Promise<FlushSummary> {
    flushing ??= (async () => {
      const settings = await loadSettings();
      // Consent withdrawn: nothing leaves the device; the queue stays visible to the user.
      if (!settings.contribute.enabled) return { sent: 0, failed: 0, retrying: 0, stoppedBy: 'consent-off' };
      return flushOutbox({
        db: await openDatabase(),
        fetch: fetcher,
        collectorBase: settings.collectorBase,
        softwareVersion,
        now: () => Date.now(),
        checkIn: () => freshCheckIn(settings.ooniApiBase),
      });
    })().finally(() => {
      flushing = undefined;
      void schedule();
    });
    return flushing;
  }

  return {
    async onRunClosed(runId) {
      const settings = await loadSettings();
      if (!settings.contribute.enabled) return;
      const db = await openDatabase();
      const [run, measurements] = await Promise.all([getRun(db, runId), measurementsOfRun(db, runId)]);
      if (measurements.length === 0) return;
      // Queued before any check-in (which can take 15 s): a worker or browser that dies now loses
      // nothing. The location is added at the flush (lib/contribute/submit.ts).
      const { records } = prepareForOutbox(measurements, {
        includeUserTargets: settings.contribute.includeUserTargets,
        locationHint: (await readState()).lastLocation,
        ips: [...seenIps],
        softwareVersion,
        runStartedAt: run?.startedAt,
        now: Date.now(),
        newId: () => crypto.randomUUID(),
      });
      if (records.length > 0) {
        const { droppedUnsent } = await addToOutbox(db, records);
        if (droppedUnsent > 0) {
          await updateState((state) => ({
            dropped: { count: (state.dropped?.count ?? 0) + droppedUnsent, at: Date.now() },
          }));
        }
      }
      // A run that measured something means the network is (partly) back: try what waits too.
      await flush();
    },
    flush,
    async retryNow(ids) {
      await makeDueNow(await openDatabase(), Date.now(), ids);
      return flush();
    },
    async remove(ids) {
      const removed = await removeFromOutbox(await openDatabase(), ids);
      await schedule();
      return removed;
    },
    async resume() {
      const next = (await loadSettings()).contribute.enabled
        ? await nextDueAt(await openDatabase())
        : undefined;
      if (next !== undefined && next <= Date.now()) await flush();
      else await schedule();
    },
  };
}
