/**
 * A picture's width in pixels from its first bytes, without decoding it, so an import decodes and
 * redraws only the pictures too wide for the reader (fit-image.ts) and not every picture of a
 * pack. Undefined when the header does not say (AVIF, a damaged file): the caller then lets the
 * browser's decoder decide. Pure. Layouts: PNG IHDR (ISO/IEC 15948 §11.2.2), JPEG SOFn (ITU T.81
 * §B.2.2), WebP VP8 / VP8L / VP8X (RFC 9649 §2.5–2.7), GIF logical screen (GIF89a §18).
 */
export function pictureWidth(bytes: Uint8Array, type: string): number | undefined {
  const be16 = (at: number) => (bytes[at]! << 8) | bytes[at + 1]!;
  const le16 = (at: number) => bytes[at]! | (bytes[at + 1]! << 8);
  const has = (length: number) => bytes.length >= length;
  switch (type) {
    case 'image/png':
      return has(24)
        ? ((bytes[16]! << 24) | (bytes[17]! << 16) | (bytes[18]! << 8) | bytes[19]!) >>> 0
        : undefined;
    case 'image/gif':
      return has(10) ? le16(6) : undefined;
    case 'image/webp': {
      if (!has(30)) return undefined;
      const chunk = String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!);
      if (chunk === 'VP8 ') return le16(26) & 0x3fff;
      if (chunk === 'VP8L') return 1 + (((bytes[22]! & 0x3f) << 8) | bytes[21]!);
      if (chunk === 'VP8X') return 1 + (bytes[24]! | (bytes[25]! << 8) | (bytes[26]! << 16));
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
          return be16(at + 7);
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
