import type { SearchHit } from './library-search';

/** What the index worker's build said about one query: its hits so far, or null (no build runs). */
export type BuildAnswer = SearchHit[] | null;

/**
 * Queries sent to the index worker while it builds, each waiting for its answer. The worker can
 * die (out of memory on a large library, or the browser stopping it): then no answer ever comes,
 * and a query waiting forever would leave the reader saying "preparing…" with search dead. So
 * every query is answered — by the worker, by `abandonAll` when the worker fails, or with null
 * after `timeoutMs` — and null sends the caller on to the stored index.
 */
export class BuildQueries {
  private next = 0;
  private readonly waiting = new Map<number, (answer: BuildAnswer) => void>();

  constructor(private readonly timeoutMs: number) {}

  /** Registers a query; `send` posts it to the worker with its id. */
  ask(send: (id: number) => void): Promise<BuildAnswer> {
    const id = this.next++;
    return new Promise<BuildAnswer>((resolve) => {
      const timer = setTimeout(() => this.settle(id, null), this.timeoutMs);
      this.waiting.set(id, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      try {
        send(id);
      } catch {
        this.settle(id, null);
      }
    });
  }

  /** The worker's answer to query `id` (ignored when it came too late). */
  settle(id: number, answer: BuildAnswer): void {
    const resolve = this.waiting.get(id);
    this.waiting.delete(id);
    resolve?.(answer);
  }

  /** The worker is gone: every query still waiting is answered with null. */
  abandonAll(): void {
    for (const id of [...this.waiting.keys()]) this.settle(id, null);
  }

  get pending(): number {
    return this.waiting.size;
  }
}
