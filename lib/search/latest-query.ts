/**
 * Search as the user types, without a fixed pause they wait for (issue #17: a 120 ms debounce was
 * most of keystroke → results). A query starts at once; one that a newer keystroke replaced gives
 * up at its next check of `current()`, and an answer that arrives after a newer query was asked for
 * is dropped, so a slow stale search never paints over a newer one.
 */
export class LatestQuery {
  private generation = 0;

  /**
   * Run `run` soon unless another ask() comes first; `deliver` only if still the newest. `run`
   * gets `current()`, to check after it waited (e.g. for the index to load) and give up before
   * doing the expensive part for a query nobody wants any more. `deliver` gets it too: what is
   * done with the answer after it is shown (its passages) can stop once the user typed on.
   */
  ask<T>(
    run: (current: () => boolean) => Promise<T> | T,
    deliver: (value: T, current: () => boolean) => void,
    fail: (error: unknown) => void,
  ): void {
    const mine = ++this.generation;
    const current = () => mine === this.generation;
    // Started in the keystroke's own task (a microtask): its first reads from the database go out
    // before the browser paints the keystroke, not a frame later. Keystrokes handled in one task
    // still run only the last (the others are no longer current when their microtask comes).
    void Promise.resolve().then(async () => {
      if (!current()) return;
      let value: T;
      try {
        value = await run(current);
      } catch (error) {
        if (current()) fail(error);
        return;
      }
      if (current()) deliver(value, current);
    });
  }

  /** Nothing asked so far is run or delivered any more (the query was cleared, the page left). */
  cancel(): void {
    this.generation++;
  }
}
