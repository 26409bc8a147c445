import { describe, expect, it } from 'vitest';
import {
  fitImage,
  fittedSize,
  mayReencode,
  READER_IMAGE_MAX_WIDTH,
  smaller,
} from '../../../lib/library/fit-image';

describe('pictures stored at the size the reader shows them', () => {
  it('a picture wider than the reader is scaled to its width, keeping the proportions', () => {
    expect(READER_IMAGE_MAX_WIDTH).toBe(1344);
    expect(fittedSize(4032, 3024)).toEqual({ width: 1344, height: 1008, scaled: true });
    expect(fittedSize(1344, 200)).toEqual({ width: 1344, height: 200, scaled: false });
    expect(fittedSize(480, 270)).toEqual({ width: 480, height: 270, scaled: false });
    // A long thin strip never becomes zero pixels high.
    expect(fittedSize(100_000, 10)).toEqual({ width: 1344, height: 1, scaled: true });
  });

  it('PNG and JPEG are re-encoded; WebP and AVIF only when too wide; GIF never (animation)', () => {
    expect(mayReencode('image/png', false)).toBe(true);
    expect(mayReencode('image/jpeg', false)).toBe(true);
    expect(mayReencode('image/webp', false)).toBe(false);
    expect(mayReencode('image/webp', true)).toBe(true);
    expect(mayReencode('image/avif', true)).toBe(true);
    expect(mayReencode('image/gif', true)).toBe(false);
  });

  it('the re-encoding is kept only when it is smaller; otherwise the original stays', () => {
    const original = new Blob([new Uint8Array(1000)], { type: 'image/png' });
    const webp = new Blob([new Uint8Array(400)], { type: 'image/webp' });
    const larger = new Blob([new Uint8Array(1200)], { type: 'image/webp' });
    expect(smaller(original, webp)).toBe(webp);
    expect(smaller(original, larger)).toBe(original);
    expect(smaller(original, new Blob([], { type: 'image/webp' }))).toBe(original);
    expect(smaller(original, undefined)).toBe(original);
  });

  it('where there is no decoder or encoder (or the bytes are not a picture) the picture is kept as fetched', async () => {
    const junk = new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' });
    const fitted = await fitImage(junk);
    expect(fitted.blob).toBe(junk);
    expect(fitted).toMatchObject({ before: 3, after: 3 });
  });
});
