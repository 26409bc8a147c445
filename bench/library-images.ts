/**
 * Goal 5 of issue #17: what storing pictures at the reader's size saves. Runs the library's own
 * fit-image.ts (bundled as is) in Chromium on the benchmark library's picture pool (photo-like
 * PNGs of 20–150 KB, bench/library-corpus/images.ts) and on camera-sized photos of the same kind
 * (4032×3024 scaled from the pool's grain), and prints bytes before → after. No network: the
 * page is about:blank and the browser resolves every name to nothing.
 *
 *   npx tsx bench/library-images.ts
 */
import { buildSync } from 'esbuild';
import { chromium } from 'playwright-core';
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

const pictures: [string, Buffer][] = [
  ...imagePool(17).map((png, n) => [`pool ${n}`, png] as [string, Buffer]),
  ['camera 2000×1500', cameraPng(2000, 1500)],
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
  for (const [name, png] of pictures) {
    const result = await page.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const blob = new Blob([bytes], { type: 'image/png' });
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
    }, png.toString('base64'));
    before += result.before;
    after += result.after;
    console.log(
      `${name}: ${result.before} → ${result.after} bytes (${result.type}, ${result.ms.toFixed(0)} ms)`,
    );
  }
  console.log(`total: ${before} → ${after} bytes (${((after / before) * 100).toFixed(0)}%)`);
  console.log(`BENCH_IMAGES ${JSON.stringify({ before, after, pictures: pictures.length })}`);
} finally {
  await browser.close();
}
