/**
 * Run `work` over `items` with at most `limit` in flight. A run of 60 targets with 20
 * blackholed then costs about one timeout, not twenty. Stops taking new items once
 * `signal` aborts; items already started finish (they have their own timeouts).
 */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length && !signal?.aborted) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}
