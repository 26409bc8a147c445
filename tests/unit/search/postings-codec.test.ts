import { describe, expect, it } from 'vitest';
import { decodePostings, encodePostings, postingsMaps } from '../../../lib/search/postings-codec';

describe('stored postings', () => {
  it('keep every posting, in ascending id order, from maps or objects alike', () => {
    // MiniSearch's maps in insertion order; a re-fetched article's new id can come after others.
    const fields = new Map([
      [
        0,
        new Map([
          [12, 1],
          [3, 2],
          [10_007, 5],
        ]),
      ],
      [2, new Map([[3, 1]])],
    ]);
    const stored = encodePostings(fields);
    const { fields: back, count } = postingsMaps(stored);
    expect(count).toBe(4);
    expect([...back.keys()]).toEqual([0, 2]);
    expect([...back.get(0)!]).toEqual([
      [3, 2],
      [12, 1],
      [10_007, 5],
    ]);
    expect([...back.get(2)!]).toEqual([[3, 1]]);
    expect(decodePostings(stored)).toEqual({ 0: { 3: 2, 12: 1, 10007: 5 }, 2: { 3: 1 } });
    expect(encodePostings(decodePostings(stored))).toBe(stored);
  });

  it('are numbers only (one byte a character where IndexedDB stores them), ids as differences', () => {
    const stored = encodePostings({ 1: { 9000: 1, 9001: 3, 9010: 1 } });
    expect(stored).toBe('{"1":[9000,1,1,3,9,1]}');
    expect(/^[\x20-\x7e]*$/.test(stored)).toBe(true);
  });

  it('drop a field left with no posting', () => {
    expect(encodePostings({ 0: {}, 1: { 4: 1 } })).toBe('{"1":[4,1]}');
    expect(encodePostings({ 0: {} })).toBe('{}');
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
    ])
      expect(() => postingsMaps(bad), bad).toThrow();
  });
});
