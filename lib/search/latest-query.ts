/**
 * Search as the user types, without a fixed pause they wait for (issue #17: a 120 ms debounce was
 * most of keystroke → results). A query is run on the next task, so keystrokes already queued
 * replace it before it starts; a query whose answer arrives after a newer one was asked for is
 * dropped, so a slow stale search never paints over a newer one.
 */
export class LatestQuery {
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * Run `run` soon unless another ask() comes first; `deliver` only if still the newest. `run`
   * gets `current()`, to check after it waited (e.g. for the index to load) and give up before
   * doing the expensive part for a query nobody wants any more.
   */
  ask<T>(
    run: (current: () => boolean) => Promise<T> | T,
    deliver: (value: T) => void,
    fail: (error: unknown) => void,
  ): void {
    const mine = ++this.generation;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (mine !== this.generation) return;
      const current = () => mine === this.generation;
      Promise.resolve()
        .then(() => run(current))
        .then(
          (value) => current() && deliver(value),
          (error: unknown) => current() && fail(error),
        );
    }, 0);
  }

  /** Nothing asked so far is run or delivered any more (the query was cleared, the page left). */
  cancel(): void {
    this.generation++;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
