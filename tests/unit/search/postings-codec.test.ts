import { describe, expect, it } from 'vitest';
import { encodePostings, postingsMaps } from '../../../lib/search/postings-codec';

const maps = (fields: Record<number, [number, number][]>) =>
  new Map(Object.entries(fields).map(([fieldId, docs]) => [Number(fieldId), new Map(docs)]));

describe('stored postings', () => {
  it('keep every posting, ids ascending, in the order MiniSearch holds them', () => {
    const stored = encodePostings(
      maps({
        0: [
          [3, 2],
          [12, 1],
          [10_007, 5],
        ],
        2: [[3, 1]],
      }),
    );
    const { fields, count } = postingsMaps(stored);
    expect(count).toBe(4);
    expect([...fields.keys()]).toEqual([0, 2]);
    expect([...fields.get(0)!]).toEqual([
      [3, 2],
      [12, 1],
      [10_007, 5],
    ]);
    expect([...fields.get(2)!]).toEqual([[3, 1]]);
    expect(encodePostings(fields)).toBe(stored);
  });

  it('sort ids that are not ascending (a map changed out of order)', () => {
    const stored = encodePostings(
      maps({
        0: [
          [12, 1],
          [3, 2],
          [10_007, 5],
        ],
      }),
    );
    expect([...postingsMaps(stored).fields.get(0)!]).toEqual([
      [3, 2],
      [12, 1],
      [10_007, 5],
    ]);
  });

  it('are numbers only (one byte a character where IndexedDB stores them), ids as differences', () => {
    const stored = encodePostings(
      maps({
        1: [
          [9000, 1],
          [9001, 3],
          [9010, 1],
        ],
      }),
    );
    expect(stored).toBe('{"1":[9000,1,1,3,9,1]}');
    expect(/^[\x20-\x7e]*$/.test(stored)).toBe(true);
  });

  it('leave out a field with no posting', () => {
    expect(encodePostings(maps({ 0: [], 1: [[4, 1]] }))).toBe('{"1":[4,1]}');
    expect(encodePostings(maps({ 0: [] }))).toBe('{}');
  });

  it('refuse a value that is not theirs, with an error', () => {
    for (const bad of [
      '',
      'not json',
      '{"0":[1,2,3]}',
      '{"0":{"1":2}}',
      '{"0":7}',
      '{"0":["1",2]}',
      '{"0":[1,null]}',
      'null',
      '42',
      '[]',
    ])
      expect(() => postingsMaps(bad), bad).toThrow();
  });
});
