import { describe, expect, it } from 'vitest';
import { pictureSize, pictureWidth } from '../../../lib/library/picture-size';
import { encodeRgbPng } from '../../lab/street-png';

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(
    parts.flatMap((part) => (typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part)),
  );

describe('pictureWidth: a pack picture measured from its header, not decoded', () => {
  it('PNG: the IHDR width', () => {
    const png = encodeRgbPng(1500, 2, Buffer.alloc((1500 * 3 + 1) * 2));
    expect(pictureWidth(new Uint8Array(png), 'image/png')).toBe(1500);
  });

  it('JPEG: the frame width after an APP0 segment and fill bytes, not a table marker', () => {
    const jpeg = bytes(
      [0xff, 0xd8],
      [0xff, 0xe0, 0x00, 0x10],
      'JFIF',
      [0, 1, 1, 0, 0, 1, 0, 1, 0, 0],
      [0xff, 0xc4, 0x00, 0x04, 0x00, 0x00],
      [0xff, 0xff, 0xc2, 0x00, 0x11, 0x08, 0x03, 0x20, 0x07, 0xd0, 0x03],
      new Array(12).fill(0),
    );
    expect(pictureWidth(jpeg, 'image/jpeg')).toBe(2000);
  });

  it('WebP: lossy (VP8), lossless (VP8L) and extended (VP8X) headers', () => {
    const riff = (chunk: string, body: number[]) =>
      bytes('RIFF', [0, 0, 0, 0], 'WEBP', chunk, [0, 0, 0, 0], body, new Array(8).fill(0));
    // VP8: frame tag, start code 9d 01 2a, then 14-bit width (scale bits above).
    expect(pictureWidth(riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, 0x40, 0x46]), 'image/webp')).toBe(
      0x0640 & 0x3fff,
    );
    // VP8L: signature 0x2f, then width - 1 in 14 bits, little-endian.
    expect(pictureWidth(riff('VP8L', [0x2f, 0x3f, 0x06, 0, 0]), 'image/webp')).toBe(1600);
    // VP8X: flags, 3 reserved, then canvas width - 1 in 24 bits.
    expect(pictureWidth(riff('VP8X', [0, 0, 0, 0, 0xcf, 0x07, 0x00]), 'image/webp')).toBe(2000);
  });

  it('says nothing for a header that does not give it (AVIF, truncated, not the declared type)', () => {
    expect(
      pictureWidth(bytes([0, 0, 0, 0x1c], 'ftypavif', new Array(30).fill(0)), 'image/avif'),
    ).toBeUndefined();
    expect(pictureWidth(bytes([0x89], 'PNG'), 'image/png')).toBeUndefined();
    expect(pictureWidth(bytes('<html>', new Array(30).fill(0)), 'image/jpeg')).toBeUndefined();
  });

  it('heights too: PNG, JPEG frame, GIF screen, and the three WebP headers', () => {
    const png = encodeRgbPng(3, 2, Buffer.alloc((3 * 3 + 1) * 2));
    expect(pictureSize(new Uint8Array(png), 'image/png')).toEqual({ width: 3, height: 2 });
    const jpeg = bytes(
      [0xff, 0xd8],
      [0xff, 0xc0, 0x00, 0x11, 0x08, 0x03, 0x20, 0x07, 0xd0, 0x03],
      new Array(12).fill(0),
    );
    expect(pictureSize(jpeg, 'image/jpeg')).toEqual({ width: 2000, height: 800 });
    expect(pictureSize(bytes('GIF89a', [0x40, 0x01, 0xf0, 0x00]), 'image/gif')).toEqual({
      width: 320,
      height: 240,
    });
    const riff = (chunk: string, body: number[]) =>
      bytes('RIFF', [0, 0, 0, 0], 'WEBP', chunk, [0, 0, 0, 0], body, new Array(8).fill(0));
    expect(
      pictureSize(riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, 0x40, 0x06, 0xb0, 0x04]), 'image/webp'),
    ).toEqual({ width: 1600, height: 1200 });
    // VP8L: width − 1 = 1599 (0x63f) in bits 0–13, height − 1 = 899 (0x383) in bits 14–27.
    const vp8l = 0x63f | (0x383 << 14);
    expect(
      pictureSize(
        riff('VP8L', [0x2f, vp8l & 0xff, (vp8l >> 8) & 0xff, (vp8l >> 16) & 0xff, (vp8l >> 24) & 0xff]),
        'image/webp',
      ),
    ).toEqual({ width: 1600, height: 900 });
    expect(pictureSize(riff('VP8X', [0, 0, 0, 0, 0xcf, 0x07, 0x00, 0x9f, 0x86, 0x01]), 'image/webp')).toEqual(
      { width: 2000, height: 100_000 },
    );
  });
});
