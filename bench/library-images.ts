/**
 * Goal 5 of issue #17: what storing pictures at the reader's size saves. Runs the library's own
 * fit-image.ts (bundled as is) in Chromium on the benchmark library's picture pool (photo-like
 * PNGs of 20–150 KB, bench/library-corpus/images.ts) and on camera-sized photos of the same kind
 * (4032×3024 scaled from the pool's grain), and prints bytes before → after. No network: the
 * page is about:blank and the browser resolves every name to nothing.
 *
 * `--qualities 0.82,0.7,0.6` also encodes each picture, at the size fit-image stores it, as WebP
 * at each quality and as AVIF (where the browser's canvas can encode it; otherwise it answers with
 * PNG, which is reported), and gives each result's bytes and its PSNR against the picture it was
 * made from (decoded again in the same browser): the before/after figure a change of
 * fit-image's quality must show. `--photo FILE` (repeatable) adds a real photo (JPEG or PNG), since
 * the pool's grain is random noise, which lossy encoders treat unlike a photograph.
 *
 *   npx tsx bench/library-images.ts [--qualities 0.82,0.7,0.6] [--photo a.jpg …]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildSync } from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { encodeRgbPng } from '../tests/lab/street-png';
import { imagePool } from './library-corpus/images';

const bundle = buildSync({
  entryPoints: ['lib/library/fit-image.ts'],
  bundle: true,
  write: false,
  format: 'iife',
  globalName: 'fit',
}).outputFiles[0]!.text;

/** A camera-sized photo-like PNG: gradient and grain, as the pool's pictures are. */
function cameraPng(width: number, height: number): Buffer {
  const raw = Buffer.alloc(height * (1 + width * 3));
  let seed = 7;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 3; c++)
        raw[y * (1 + width * 3) + 1 + x * 3 + c] = Math.min(
          255,
          Math.max(0, 80 + (120 * y) / height + c * 20 + (random() - 0.5) * 48),
        );
  return encodeRgbPng(width, height, raw);
}

const { values: args } = parseArgs({
  options: { qualities: { type: 'string' }, photo: { type: 'string', multiple: true, default: [] } },
});
const pictures: [string, Buffer, string][] = [
  ...imagePool(17).map((png, n) => [`pool ${n}`, png, 'image/png'] as [string, Buffer, string]),
  ['camera 2000×1500', cameraPng(2000, 1500), 'image/png'],
  ...args.photo.map(
    (file) =>
      [file, readFileSync(file), /\.jpe?g$/i.test(file) ? 'image/jpeg' : 'image/png'] as [
        string,
        Buffer,
        string,
      ],
  ),
];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--host-resolver-rules=MAP * ~NOTFOUND',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
});
try {
  const page = await browser.newPage();
  await page.addScriptTag({ content: bundle });
  let before = 0;
  let after = 0;
  for (const [name, png, type] of pictures) {
    const result = await page.evaluate(
      async ([b64, type]) => {
        const bytes = Uint8Array.from(atob(b64!), (c) => c.charCodeAt(0));
        const blob = new Blob([bytes], { type });
        const started = performance.now();
        const fitted = await (
          window as unknown as {
            fit: { fitImage(blob: Blob): Promise<{ before: number; after: number; blob: Blob }> };
          }
        ).fit.fitImage(blob);
        return {
          before: fitted.before,
          after: fitted.after,
          type: fitted.blob.type,
          ms: performance.now() - started,
        };
      },
      [png.toString('base64'), type],
    );
    before += result.before;
    after += result.after;
    console.log(
      `${name}: ${result.before} → ${result.after} bytes (${result.type}, ${result.ms.toFixed(0)} ms)`,
    );
  }
  console.log(`total: ${before} → ${after} bytes (${((after / before) * 100).toFixed(0)}%)`);
  console.log(`BENCH_IMAGES ${JSON.stringify({ before, after, pictures: pictures.length })}`);
  if (args.qualities) await sweep(page, args.qualities.split(',').map(Number));
} finally {
  await browser.close();
}

/**
 * Bytes and PSNR (dB, over RGB; ∞ for identical) of each picture encoded at each quality, at the
 * size fit-image stores it, against that same-size drawing of the source. Totals per encoding,
 * over the pool and over the photos given with --photo separately.
 */
async function sweep(page: Page, qualities: number[]): Promise<void> {
  const encodings = [
    ...qualities.map((q) => ({ type: 'image/webp', quality: q })),
    { type: 'image/avif', quality: qualities[0]! },
  ];
  const totals = new Map<string, { pool: number; photos: number; psnr: number[]; answered: Set<string> }>();
  for (const [name, png, type] of pictures) {
    const results = await page.evaluate(
      async ([b64, type, encodings]) => {
        const bytes = Uint8Array.from(atob(b64 as string), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: type as string }));
        const { fittedSize } = (
          window as unknown as {
            fit: { fittedSize(w: number, h: number): { width: number; height: number } };
          }
        ).fit;
        const { width, height } = fittedSize(bitmap.width, bitmap.height);
        const canvas = new OffscreenCanvas(width, height);
        const context = canvas.getContext('2d')!;
        context.imageSmoothingQuality = 'high';
        context.drawImage(bitmap, 0, 0, width, height);
        const source = context.getImageData(0, 0, width, height).data;
        const out = [];
        for (const encoding of encodings as { type: string; quality: number }[]) {
          const blob = await canvas.convertToBlob(encoding);
          const decoded = await createImageBitmap(blob);
          const check = new OffscreenCanvas(width, height).getContext('2d')!;
          check.drawImage(decoded, 0, 0);
          const got = check.getImageData(0, 0, width, height).data;
          let squared = 0;
          for (let i = 0; i < source.length; i += 4)
            for (let c = 0; c < 3; c++) squared += (source[i + c]! - got[i + c]!) ** 2;
          const mse = squared / ((source.length / 4) * 3);
          out.push({
            key: `${encoding.type} q${encoding.quality}`,
            answered: blob.type,
            bytes: blob.size,
            psnr: mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse),
            width,
            height,
          });
        }
        return out;
      },
      [png.toString('base64'), type, encodings] as const,
    );
    console.log(
      `${name} (${results[0]!.width}×${results[0]!.height}, ${png.length} bytes): ${results
        .map((r) => `${r.key} → ${r.answered} ${r.bytes} B, ${r.psnr.toFixed(1)} dB`)
        .join('; ')}`,
    );
    for (const r of results) {
      const total = totals.get(r.key) ?? { pool: 0, photos: 0, psnr: [], answered: new Set<string>() };
      if (name.startsWith('pool ')) total.pool += r.bytes;
      else if (!name.startsWith('camera')) total.photos += r.bytes;
      total.psnr.push(r.psnr);
      total.answered.add(r.answered);
      totals.set(r.key, total);
    }
  }
  for (const [key, t] of totals) {
    const sorted = [...t.psnr].sort((a, b) => a - b);
    console.log(
      `${key}: pool ${t.pool} B, photos ${t.photos} B; PSNR lowest ${sorted[0]!.toFixed(1)} dB, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} dB; the browser answered ${[...t.answered].join(', ')}`,
    );
  }
  console.log(
    `BENCH_IMAGE_QUALITY ${JSON.stringify(Object.fromEntries([...totals].map(([k, t]) => [k, { pool: t.pool, photos: t.photos }])))}`,
  );
}
