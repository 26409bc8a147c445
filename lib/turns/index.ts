/**
 * Read-change-write updates of one stored value, one at a time. Two at once would each read the
 * value before the other wrote it, and the second write would put the first one's change back
 * (seen: two settings fields committed together lost one). Across the extension's pages and its
 * worker (one origin) a Web Lock orders them; where there are no Web Locks (Node's tests), a queue
 * per name within the context does.
 */
const queues = new Map<string, Promise<unknown>>();

export function inTurn<T>(name: string, update: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  if (locks) return locks.request(`vantage-${name}`, update) as Promise<T>;
  const turn = (queues.get(name) ?? Promise.resolve()).then(update);
  queues.set(
    name,
    turn.catch(() => undefined), // a failed update must not stop the ones after it
  );
  return turn;
}
