/**
 * Search as the user types, without a fixed pause they wait for (issue #17: a 120 ms debounce was
 * most of keystroke → results). A query is run on the next task, so keystrokes already queued
 * replace it before it starts; a query whose answer arrives after a newer one was asked for is
 * dropped, so a slow stale search never paints over a newer one.
 */
export class LatestQuery {
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Run `run` soon unless another ask() comes first; `deliver` only if still the newest. */
  ask<T>(run: () => Promise<T> | T, deliver: (value: T) => void, fail: (error: unknown) => void): void {
    const mine = ++this.generation;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (mine !== this.generation) return;
      Promise.resolve()
        .then(run)
        .then(
          (value) => mine === this.generation && deliver(value),
          (error: unknown) => mine === this.generation && fail(error),
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
