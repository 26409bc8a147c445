import { afterEach, describe, expect, it, vi } from 'vitest';
import { BuildQueries } from '../../../lib/search';
import type { SearchHit } from '../../../lib/search';

const hit = { id: 'a' } as unknown as SearchHit;

describe('queries asked of the index worker while it builds', () => {
  afterEach(() => vi.useRealTimers());

  it('delivers the worker’s answer to the query that asked, by id', async () => {
    const queries = new BuildQueries(5_000);
    const sent: number[] = [];
    const first = queries.ask((id) => sent.push(id));
    const second = queries.ask((id) => sent.push(id));
    queries.settle(sent[1]!, null);
    queries.settle(sent[0]!, [hit]);
    expect(await first).toEqual([hit]);
    expect(await second).toBeNull();
    expect(queries.pending).toBe(0);
  });

  it('answers every waiting query with null when the worker dies, so search goes on', async () => {
    const queries = new BuildQueries(5_000);
    const waiting = [queries.ask(() => undefined), queries.ask(() => undefined)];
    expect(queries.pending).toBe(2);
    queries.abandonAll();
    expect(await Promise.all(waiting)).toEqual([null, null]);
    expect(queries.pending).toBe(0);
  });

  it('gives up on a worker that never answers after the timeout, and ignores its late answer', async () => {
    vi.useFakeTimers();
    const queries = new BuildQueries(5_000);
    let sentId = -1;
    const answer = queries.ask((id) => (sentId = id));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await answer).toBeNull();
    queries.settle(sentId, [hit]);
    expect(queries.pending).toBe(0);
  });

  it('answers null at once when the message cannot be sent (no worker)', async () => {
    const queries = new BuildQueries(5_000);
    const answer = queries.ask(() => {
      throw new TypeError('worker is gone');
    });
    expect(await answer).toBeNull();
    expect(queries.pending).toBe(0);
  });
});
