import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, type ChromiumSession } from './harness/chromium';
import { widePhotoPng } from '../lab/wide-photo';
import { encodeRgbPng } from '../lab/street-png';

// Issue #17: a pack's pictures are stored as a capture stores them — one wider than the reader's
// 1,344 px is scaled to it (lib/library/fit-image.ts, in the reader page that imports), one that
// fits is stored byte for byte. The pack is written here in the exporter's format (markers,
// manifest; docs/library-packs.md "Version 2"), unsigned. No lab: nothing is fetched.

// As docs/library-packs.md describes a version-2 file (lib/library/pack/format.ts), and the
// reader's widest picture (lib/library/fit-image.ts, READER_IMAGE_MAX_WIDTH).
const MANIFEST_ID = 'vantage-pack';
const PACK_FORMAT = 'vantage-pack';
const PACK_VERSION = 2;
const READER_IMAGE_MAX_WIDTH = 1344;

let browser: ChromiumSession;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vantage-pack-fit-'));
  browser = await launchChromium({ resolverRules: 'MAP * ~NOTFOUND', home: dir });
});
afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A small gradient: rows of RGB, each with its filter byte ("none"). */
function narrowPng(width: number, height: number): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      raw.set([(x * 7) % 256, (y * 5) % 256, 128], y * (width * 3 + 1) + 1 + x * 3);
  return encodeRgbPng(width, height, raw);
}

function pack(pictures: { url: string; png: Buffer }[]): string {
  const imgs = pictures
    .map(
      ({ url, png }) =>
        `<img src="data:image/png;base64,${png.toString('base64')}" data-src="${url}" alt="">`,
    )
    .join('');
  const manifest = {
    format: PACK_FORMAT,
    version: PACK_VERSION,
    createdAt: Date.now() - 60_000,
    articles: [
      {
        key: 'a1',
        url: 'https://photo.example/story',
        canonicalUrl: 'https://photo.example/story',
        title: 'Pictures of the city',
        fetchedAt: Date.now() - 120_000,
      },
    ],
  };
  return (
    '<!doctype html><html><head><meta charset="utf-8"></head><body><main>' +
    '\n<!--vp:a1--><article id="a1" data-vp="a1"><h2>Pictures of the city</h2>' +
    `<div class="vp-body" data-vp-body><p>The square at dawn.</p>${imgs}</div></article>` +
    `\n<!--/vp--></main><script type="application/json" id="${MANIFEST_ID}">${JSON.stringify(manifest)}</script>` +
    '</body></html>'
  );
}

it('imports a picture wider than the reader fitted to 1,344 px, and one that fits unchanged', async () => {
  const wide = widePhotoPng();
  const narrow = narrowPng(320, 200);
  const path = join(dir, 'pack.html');
  writeFileSync(
    path,
    pack([
      { url: 'https://photo.example/wide.png', png: wide },
      { url: 'https://photo.example/narrow.png', png: narrow },
    ]),
  );
  const reader = await browser.openPage('reader.html');
  await reader.getByTestId('pack-import').setInputFiles(path);
  await expect
    .poll(() => reader.getByTestId('pack-import-summary').textContent(), { timeout: 60_000 })
    .toBe('Imported 1 article; already in your library: 0; refused: 0.');
  const stored = await reader.evaluate(
    () =>
      new Promise<{ url: string; type: string; size: number; width: number; bytes: number[] }[]>(
        (resolve, reject) => {
          const open = indexedDB.open('vantage');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction('images').objectStore('images').getAll();
            all.onerror = () => reject(all.error);
            all.onsuccess = async () => {
              // A picture stored as it came is bytes and a type (#17, fifth round); a fitted one a Blob.
              const rows = all.result as ({ url: string } & (
                { blob: Blob } | { bytes: ArrayBuffer; type: string }
              ))[];
              resolve(
                await Promise.all(
                  rows.map(async (row) => {
                    const url = row.url;
                    const blob = 'blob' in row ? row.blob : new Blob([row.bytes], { type: row.type });
                    const bitmap = await createImageBitmap(blob);
                    const head = [...new Uint8Array(await blob.arrayBuffer())];
                    return { url, type: blob.type, size: blob.size, width: bitmap.width, bytes: head };
                  }),
                ),
              );
            };
          };
        },
      ),
  );
  const byUrl = new Map(stored.map((row) => [row.url, row]));
  const fitted = byUrl.get('https://photo.example/wide.png');
  expect(fitted?.width).toBe(READER_IMAGE_MAX_WIDTH);
  expect(fitted!.size).toBeLessThan(wide.length);
  const kept = byUrl.get('https://photo.example/narrow.png');
  expect(kept?.type).toBe('image/png');
  expect(Buffer.from(kept!.bytes).equals(narrow)).toBe(true);
  await reader.close();
});
