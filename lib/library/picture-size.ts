/**
 * A picture's size in pixels from its first bytes, without decoding it: an import decodes and
 * redraws only the pictures too wide for the reader (fit-image.ts) and not every picture of a
 * pack, and nothing decodes a picture whose header claims more pixels than a decoder should be
 * asked to hold (a small file can claim 100,000 × 100,000). Undefined when the header does not
 * say (AVIF, a damaged file): the caller then lets the browser's decoder decide. Pure.
 * Layouts: PNG IHDR (ISO/IEC 15948 §11.2.2), JPEG SOFn (ITU T.81 §B.2.2), WebP VP8 / VP8L /
 * VP8X (RFC 9649 §2.5–2.7), GIF logical screen (GIF89a §18).
 */
export function pictureWidth(bytes: Uint8Array, type: string): number | undefined {
  return pictureSize(bytes, type)?.width;
}

export function pictureSize(bytes: Uint8Array, type: string): { width: number; height: number } | undefined {
  const be16 = (at: number) => (bytes[at]! << 8) | bytes[at + 1]!;
  const le16 = (at: number) => bytes[at]! | (bytes[at + 1]! << 8);
  const le24 = (at: number) => bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16);
  const be32 = (at: number) =>
    ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
  const has = (length: number) => bytes.length >= length;
  switch (type) {
    case 'image/png':
      return has(24) ? { width: be32(16), height: be32(20) } : undefined;
    case 'image/gif':
      return has(10) ? { width: le16(6), height: le16(8) } : undefined;
    case 'image/webp': {
      if (!has(30)) return undefined;
      const chunk = String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!);
      if (chunk === 'VP8 ') return { width: le16(26) & 0x3fff, height: le16(28) & 0x3fff };
      if (chunk === 'VP8L') {
        // 14 bits of width − 1, then 14 bits of height − 1, little-endian from byte 21.
        const bits = bytes[21]! | (bytes[22]! << 8) | (bytes[23]! << 16) | (bytes[24]! << 24);
        return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff) };
      }
      if (chunk === 'VP8X') return { width: 1 + le24(24), height: 1 + le24(27) };
      return undefined;
    }
    case 'image/jpeg': {
      let at = 2;
      while (has(at + 9)) {
        if (bytes[at] !== 0xff) return undefined;
        const marker = bytes[at + 1]!;
        // Fill bytes before a marker.
        if (marker === 0xff) {
          at++;
          continue;
        }
        // Start of frame (not DHT C4, JPG C8, DAC CC): precision, height, width.
        if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
          return { width: be16(at + 7), height: be16(at + 5) };
        // Markers without a length.
        if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
          at += 2;
          continue;
        }
        at += 2 + be16(at + 2);
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
