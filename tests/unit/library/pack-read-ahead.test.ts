import { describe, expect, it } from 'vitest';
import { readAhead } from '../../../lib/library/pack/read-ahead';

const bytes = Uint8Array.from({ length: 5000 }, (_, i) => (i * 31) % 256);

describe('a pack read in pieces, the next one read ahead', () => {
  it('hands over every byte once, in order, whatever the piece size', async () => {
    for (const size of [1, 7, 1000, 4999, 5000, 1 << 20]) {
      const got: number[] = [];
      await readAhead(new Blob([bytes]), (piece) => void got.push(...piece), size);
      expect(Uint8Array.from(got), `pieces of ${size}`).toEqual(bytes);
    }
    let calls = 0;
    await readAhead(new Blob([]), () => void calls++);
    expect(calls).toBe(0);
  });

  it('stops when told, and never has more than the next piece being read', async () => {
    let reading = 0;
    let most = 0;
    const blob = new Blob([bytes]);
    const counted = {
      size: blob.size,
      slice: (start: number, end: number) => ({
        arrayBuffer: async () => {
          most = Math.max(most, ++reading);
          const buffer = await blob.slice(start, end).arrayBuffer();
          reading--;
          return buffer;
        },
      }),
    } as unknown as Blob;
    const seen: number[] = [];
    await readAhead(
      counted,
      async (piece) => {
        seen.push(piece.length);
        await new Promise((resolve) => setTimeout(resolve, 1));
        return seen.length < 3;
      },
      100,
    );
    expect(seen).toEqual([100, 100, 100]);
    expect(most).toBe(1);
  });
});
