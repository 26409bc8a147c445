import { describe, expect, it, vi } from 'vitest';
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

  it('a header claiming more pixels than a decoder should hold (a decompression bomb) is kept, never decoded', async () => {
    const decode = vi.fn(async () => {
      throw new Error('must not decode');
    });
    vi.stubGlobal('createImageBitmap', decode);
    vi.stubGlobal('OffscreenCanvas', class {});
    try {
      // A valid PNG header of 100,000 × 100,000 pixels in 33 bytes.
      const bomb = new Uint8Array(33);
      bomb.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
      new DataView(bomb.buffer).setUint32(16, 100_000);
      new DataView(bomb.buffer).setUint32(20, 100_000);
      const blob = new Blob([bomb], { type: 'image/png' });
      expect((await fitImage(blob)).blob).toBe(blob);
      expect(decode).not.toHaveBeenCalled();
      // The same header at 2,000 × 1,500 is handed to the decoder.
      new DataView(bomb.buffer).setUint32(16, 2_000);
      new DataView(bomb.buffer).setUint32(20, 1_500);
      await fitImage(new Blob([bomb], { type: 'image/png' }));
      expect(decode).toHaveBeenCalledTimes(1);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
