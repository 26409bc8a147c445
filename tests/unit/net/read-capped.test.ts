import { describe, expect, it } from 'vitest';
import { readCapped } from '../../../lib/net';

/** A body of `chunks`, then either the end or (with `failAfter`) a broken connection. */
function bodyOf(chunks: Uint8Array[], failAfter = false) {
  const stats = { cancelled: false };
  let next = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[next++];
      if (chunk) controller.enqueue(chunk);
      else if (failAfter) controller.error(new TypeError('network error'));
      else controller.close();
    },
    cancel() {
      stats.cancelled = true;
    },
  });
  return { stream, stats };
}

const bytes = (n: number, fill = 0x61) => new Uint8Array(n).fill(fill);

describe('readCapped (lib/net, the one body reader every fetcher uses)', () => {
  it('reads a body within the cap whole', async () => {
    const { stream, stats } = bodyOf([bytes(3), bytes(4)]);
    const read = await readCapped(stream, 7);
    expect(read).toEqual({ bytes: bytes(7), total: 7, overCap: false });
    expect(stats.cancelled).toBe(false);
  });

  it('cancels the stream as soon as one byte passes the cap', async () => {
    const { stream, stats } = bodyOf([bytes(5), bytes(5), bytes(5)]);
    const read = await readCapped(stream, 7);
    expect(read.overCap).toBe(true);
    expect(read.total).toBe(10);
    expect(stats.cancelled).toBe(true);
  });

  it('keeps only the first keepBytes while counting everything read', async () => {
    const { stream } = bodyOf([bytes(4, 0x61), bytes(4, 0x62)]);
    const read = await readCapped(stream, 100, 6);
    expect(new TextDecoder().decode(read.bytes)).toBe('aaaabb');
    expect(read.total).toBe(8);
    expect(read.overCap).toBe(false);
  });

  it('returns what arrived with the error when the stream breaks mid-way', async () => {
    const { stream } = bodyOf([bytes(3)], true);
    const read = await readCapped(stream, 100);
    expect(read.bytes).toEqual(bytes(3));
    expect(read.error).toBeInstanceOf(TypeError);
  });

  it('reads no body as empty', async () => {
    expect(await readCapped(null, 10)).toEqual({ bytes: new Uint8Array(), total: 0, overCap: false });
  });
});
