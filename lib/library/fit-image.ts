/**
 * Pictures stored at the size the reader shows them (issue #17, goal 5). The reader's column is
 * 44rem less 2rem of padding: 672 CSS pixels, shown at up to 2 device pixels each on a phone, so
 * nothing wider than 1,344 pixels is ever seen; a 4,000-pixel press photo stored whole is
 * megabytes of a budget nobody looks at. At save time a picture wider than that is scaled down,
 * and a PNG or JPEG is re-encoded as WebP by the browser's own encoder (OffscreenCanvas, present
 * in Chromium's service worker and Firefox's event page) — kept only when it is smaller than
 * what was fetched; otherwise the original stays. GIFs are left alone (animation).
 */
import { pictureSize } from './picture-size';

export const READER_IMAGE_MAX_WIDTH = 1344;
/** Enough of the file for any header pictureSize reads (a JPEG's frame may follow its EXIF). */
const HEADER_BYTES = 64 * 1024;
/**
 * Decoding needs 4 bytes a pixel: 40 million pixels (a 7,300 × 5,500 camera frame) is 160 MB.
 * A header claiming more — a few KB of PNG can claim 100,000 × 100,000 — is not decoded here;
 * the picture is kept as fetched and the browser's own <img> limits apply when it is shown.
 */
const MAX_DECODE_PIXELS = 40_000_000;
/** WebP at this quality is indistinguishable from the source at the reader's size for photos. */
const WEBP_QUALITY = 0.82;

/** The size to store a picture at: its own when it fits the reader, else scaled to its width. Pure. */
export function fittedSize(
  width: number,
  height: number,
  maxWidth = READER_IMAGE_MAX_WIDTH,
): { width: number; height: number; scaled: boolean } {
  if (width <= maxWidth) return { width, height, scaled: false };
  return { width: maxWidth, height: Math.max(1, Math.round((height * maxWidth) / width)), scaled: true };
}

/** Whether a fetched picture of this type is worth trying to re-encode. Pure. */
export function mayReencode(type: string, scaled: boolean): boolean {
  if (type === 'image/gif') return false;
  // WebP and AVIF are already compact: only redrawn when they are too wide.
  if (type === 'image/webp' || type === 'image/avif') return scaled;
  return type === 'image/png' || type === 'image/jpeg';
}

/** The smaller of the fetched picture and its re-encoding (the original when they tie). Pure. */
export function smaller(original: Blob, candidate: Blob | undefined): Blob {
  return candidate && candidate.size > 0 && candidate.size < original.size ? candidate : original;
}

export interface FittedImage {
  blob: Blob;
  /** Bytes as fetched and as stored. */
  before: number;
  after: number;
}

/**
 * The picture as it will be stored. Where the context has no image decoder or canvas encoder
 * (or the bytes do not decode) the picture is kept as fetched: nothing is lost, it only costs
 * more space.
 */
export async function fitImage(blob: Blob, maxWidth = READER_IMAGE_MAX_WIDTH): Promise<FittedImage> {
  const kept = { blob, before: blob.size, after: blob.size };
  if (blob.type === 'image/gif') return kept;
  if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas !== 'function') return kept;
  const claimed = pictureSize(new Uint8Array(await blob.slice(0, HEADER_BYTES).arrayBuffer()), blob.type);
  if (claimed && claimed.width * claimed.height > MAX_DECODE_PIXELS) return kept;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    return kept;
  }
  try {
    const size = fittedSize(bitmap.width, bitmap.height, maxWidth);
    if (!mayReencode(blob.type, size.scaled)) return kept;
    const canvas = new OffscreenCanvas(size.width, size.height);
    const context = canvas.getContext('2d');
    if (!context) return kept;
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, size.width, size.height);
    const encoded = await canvas.convertToBlob({ type: 'image/webp', quality: WEBP_QUALITY });
    // A browser without a WebP encoder answers with PNG: still kept only if smaller.
    const stored = smaller(blob, encoded);
    return { blob: stored, before: blob.size, after: stored.size };
  } catch {
    return kept;
  } finally {
    bitmap.close();
  }
}
