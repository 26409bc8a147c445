import { encodeRgbPng } from '../../tests/lab/street-png';
import { prng } from './generate';

/**
 * The pictures the benchmark articles carry: PNGs of 20–150 KB (the size of a news photo as a
 * library keeps it), photo-like in that they barely compress — a gradient sky and ground with
 * per-pixel grain, drawn here from a seed (no network, no image files in the repository).
 * Articles point into this pool; each stored copy is its own blob, as saved pages' images are.
 */
const IMAGE_POOL_SIZE = 16;

export function imagePool(seed: number): Buffer[] {
  const random = prng(seed);
  return Array.from({ length: IMAGE_POOL_SIZE }, (_, n) => {
    // Target sizes spread 20–150 KB, skewed small like real pages' pictures.
    const target = 20_000 + Math.round(130_000 * (n / (IMAGE_POOL_SIZE - 1)) ** 1.6);
    return photoPng(target, random);
  });
}

function photoPng(targetBytes: number, random: () => number): Buffer {
  // Grain of ±24 per channel deflates to about 0.83 of the raw bytes.
  const width = Math.round(Math.sqrt((targetBytes / 0.83 / 3) * (16 / 9)));
  const height = Math.round((width * 9) / 16);
  const horizon = height * (0.4 + random() * 0.3);
  const tint = [random() * 60, random() * 60, random() * 60];
  const raw = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    for (let x = 0; x < width; x++) {
      const sky = y < horizon + Math.sin(x / 23) * 9;
      const t = y / height;
      const base = sky
        ? [60 + 120 * t, 90 + 100 * t, 170 + 60 * t]
        : [90 - 40 * t, 110 - 50 * t, 70 - 30 * t];
      for (let c = 0; c < 3; c++)
        raw[row + 1 + x * 3 + c] = Math.max(
          0,
          Math.min(255, base[c]! + tint[c]! - 30 + (random() - 0.5) * 48),
        );
    }
  }
  return encodeRgbPng(width, height, raw);
}
