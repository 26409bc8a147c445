export interface PoolOptions {
  /** Stops taking new items once aborted; items already started finish (they have their own timeouts). */
  signal?: AbortSignal;
  /**
   * A lane whose item is still running after this long hands its lane to the next item, while the
   * slow item keeps running to its own timeout. A site that never answers then holds a lane for
   * this long instead of the whole per-request timeout, so blackholed sites no longer add
   * `blackholed ÷ lanes × timeout` to a run. Unset: a lane waits for its item (the old pool).
   */
  slowAfterMs?: number;
  /**
   * Every item should be able to start within this long: lanes are then given up sooner than
   * `slowAfterMs` when the list is long (lanes × this ÷ items). Without it, lanes alone cap the
   * start rate at lanes ÷ slowAfterMs — 128 a second for 32 lanes at 250 ms, so the 600th site of a
   * list could not start before 4.7 s, and a blackholed one started then ends a timeout later.
   */
  startAllWithinMs?: number;
  /**
   * Hard cap on items in flight, counting the slow ones that gave up their lane — what bounds open
   * sockets (Chrome allows 256 per profile) and the worker's heap. Defaults to `limit`.
   */
  maxInFlight?: number;
}

/** Below this a lane would be given up almost at once: the in-flight cap then does the pacing. */
const MIN_LANE_HOLD_MS = 20;

/** How long a lane waits for its item before taking the next: `slowAfterMs`, shortened for long lists. */
function laneHoldMs(options: PoolOptions, lanes: number, items: number): number | undefined {
  const { slowAfterMs, startAllWithinMs } = options;
  if (slowAfterMs === undefined || startAllWithinMs === undefined || items === 0) return slowAfterMs;
  const paced = Math.floor((lanes * startAllWithinMs) / items);
  return Math.min(slowAfterMs, Math.max(MIN_LANE_HOLD_MS, paced));
}

/**
 * Run `work` over `items` with at most `limit` lanes taking new items, and at most
 * `options.maxInFlight` items in flight. Resolves once every started item has settled; rejects
 * with the first item's error like `Promise.all`.
 */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
  signalOrOptions?: AbortSignal | PoolOptions,
): Promise<void> {
  const options: PoolOptions =
    signalOrOptions instanceof AbortSignal ? { signal: signalOrOptions } : (signalOrOptions ?? {});
  const { signal } = options;
  const lanes = Math.max(1, Math.min(limit, items.length));
  const slowAfterMs = laneHoldMs(options, lanes, items.length);
  const cap = Math.max(lanes, options.maxInFlight ?? lanes);
  let next = 0;
  let inFlight = 0;
  let waiting: (() => void)[] = [];
  const started: Promise<void>[] = [];
  const wakeAll = () => {
    const woken = waiting;
    waiting = [];
    for (const wake of woken) wake();
  };
  const hasMore = () => next < items.length && !signal?.aborted;

  const lane = async () => {
    while (hasMore()) {
      while (inFlight >= cap && hasMore()) await new Promise<void>((wake) => waiting.push(wake));
      if (!hasMore()) break;
      const item = items[next++]!;
      inFlight++;
      const settled = Promise.resolve()
        .then(() => work(item))
        .finally(() => {
          inFlight--;
          wakeAll();
        });
      started.push(settled);
      if (slowAfterMs === undefined) {
        await settled;
        continue;
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const slow = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, slowAfterMs);
      });
      try {
        await Promise.race([settled, slow]);
      } finally {
        clearTimeout(timer);
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  await Promise.all(started);
}
