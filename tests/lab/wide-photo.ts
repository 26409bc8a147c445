import { encodeRgbPng } from './street-png';

/**
 * A news photo as a site serves it: 2,400×1,600 (wider than the reader ever shows, which is
 * 1,344 px — lib/library/fit-image.ts), under the library's 1 MB per-image cap, and photo-like:
 * smooth light over a skyline with a seeded grain, so it neither compresses to nothing (a flat
 * drawing would) nor is noise. Drawn here from a seed: the same bytes on every run, and no image
 * file in the repository. Rows use PNG's "Paeth" filter (RFC 2083 §6.6), as encoders do for
 * photographs, so the grain-free gradients cost almost nothing and the file stays under the cap.
 */
const WIDE_PHOTO_WIDTH = 2400;
const WIDE_PHOTO_HEIGHT = 1600;

export function widePhotoPng(seed = 17): Buffer {
  const width = WIDE_PHOTO_WIDTH;
  const height = WIDE_PHOTO_HEIGHT;
  const random = mulberry32(seed);
  // Grain in 4-pixel cells (what a phone's noise reduction leaves), ±10 levels: enough that the
  // picture does not deflate to nothing, little enough that it stays under the 1 MB cap.
  const cells = Math.ceil(width / GRAIN_CELL);
  const lattice = Float32Array.from({ length: cells * Math.ceil(height / GRAIN_CELL) }, () => random() - 0.5);
  const grain = (x: number, y: number) =>
    lattice[Math.floor(y / GRAIN_CELL) * cells + Math.floor(x / GRAIN_CELL)]! * GRAIN_LEVELS;
  const buildings: [number, number, number][] = [];
  for (let x = 0; x < width;) {
    const w = 80 + Math.floor(random() * 160);
    buildings.push([x, x + w - 12, 250 + Math.floor(random() * 500)]);
    x += w;
  }
  const ridge = (x: number) =>
    height * 0.4 + Math.sin(x / 190) * 90 + Math.sin(x / 53) * 25 + Math.sin(x / 17) * 6;

  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = y / height;
      // Dusk sky: warm at the horizon, deep blue above, with a glow around the low sun.
      const sun = Math.max(0, 1 - Math.hypot(x - width * 0.7, y - height * 0.35) / (width * 0.35));
      let rgb = [40 + 170 * t + 60 * sun, 60 + 110 * t + 40 * sun, 130 + 40 * t];
      if (y > ridge(x)) rgb = [70 + 20 * t, 78 + 15 * t, 96 + 10 * t]; // mountains in haze
      for (const [from, to, tall] of buildings) {
        if (x >= from && x < to && y > height - tall) {
          const lit = (x - from) % 28 < 14 && (y - (height - tall)) % 36 > 18 && (x * 7 + y) % 5 !== 0;
          rgb = lit ? [240, 200, 120] : [38 + 10 * t, 42 + 10 * t, 52 + 10 * t];
          break;
        }
      }
      if (y > height - 140) rgb = [64, 64, 70]; // street
      const g = grain(x, y);
      const at = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) pixels[at + c] = Math.max(0, Math.min(255, Math.round(rgb[c]! + g)));
    }
  }
  return encodeRgbPng(width, height, paethRows(pixels, width, height));
}

const GRAIN_CELL = 4;
const GRAIN_LEVELS = 20;

/** Each row prefixed with filter type 4 (Paeth) and filtered by it (RFC 2083 §6.6). */
function paethRows(pixels: Buffer, width: number, height: number): Buffer {
  const stride = width * 3;
  const raw = Buffer.alloc(height * (1 + stride));
  for (let y = 0; y < height; y++) {
    raw[y * (1 + stride)] = 4;
    for (let i = 0; i < stride; i++) {
      const a = i >= 3 ? pixels[y * stride + i - 3]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + i]! : 0;
      const c = i >= 3 && y > 0 ? pixels[(y - 1) * stride + i - 3]! : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      const predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      raw[y * (1 + stride) + 1 + i] = (pixels[y * stride + i]! - predictor) & 0xff;
    }
  }
  return raw;
}

/** A small seeded generator (mulberry32): the picture is the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
