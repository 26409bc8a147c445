import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from '../../../lib/library/pack/base64';

// Node 20 has no Uint8Array.fromBase64/toBase64, so these exercise the chunked fallback; Node's
// Buffer is the independent reference.
const random = (length: number, seed: number) => {
  const bytes = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
};

describe('pack image base64', () => {
  it('round-trips binary data of every length around the chunk boundaries', () => {
    for (const length of [0, 1, 2, 3, 4, 0x7ffe, 0x7fff, 0x8000, 0x8001, 0x8002, 3 * 0x8000 + 7, 150_000]) {
      const bytes = random(length, length + 1);
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(decodeBase64(text)).toEqual(bytes);
    }
  });

  it('keeps every byte value, 0x00–0xff (not read as UTF-8)', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(decodeBase64(encodeBase64(all))).toEqual(all);
  });

  it('refuses text that is not base64 instead of guessing', () => {
    for (const bad of ['abcde', 'a===', '<svg>', 'YW Jj', 'YWJj\n', 'ab$d'])
      expect(decodeBase64(bad)).toBeUndefined();
  });
});

describe('decodeBase64 for a pack picture (whitespace skipped)', () => {
  it('decodes base64 wrapped over lines, as a hand-made pack may wrap it, and still refuses what is not base64', () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) % 256);
    const wrapped = encodeBase64(bytes).replace(/.{76}/g, '$&\n');
    expect(decodeBase64(wrapped, { whitespace: true })).toEqual(bytes);
    expect(decodeBase64(wrapped)).toBeUndefined();
    for (const bad of ['abcde', 'a===', '<svg>', 'ab$d', 'YW\u00a0Jj'])
      expect(decodeBase64(bad, { whitespace: true })).toBeUndefined();
  });
});
