import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The popup's JavaScript budget: 35 KB gzipped (docs/benchmarks.md: popup). */
export const POPUP_JS_BUDGET_BYTES = 35 * 1024;

export interface PopupScriptSize {
  files: string[];
  rawBytes: number;
  /** Each file gzipped on its own at level 9, summed: what the popup's first load carries. */
  gzippedBytes: number;
}

/**
 * Every script a built popup.html loads (`src=` and `modulepreload` `href=`), counted in a built
 * extension folder (`.output/chrome-mv3`). Shared by bench/popup.ts and the smoke test's budget
 * check, so both count the same bytes.
 */
export function popupScriptSize(dir: string): PopupScriptSize {
  const html = readFileSync(join(dir, 'popup.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/?([^"]+\.js)"/g)].map((m) => m[1]!);
  let rawBytes = 0;
  let gzippedBytes = 0;
  for (const file of files) {
    const bytes = readFileSync(join(dir, file));
    rawBytes += bytes.length;
    gzippedBytes += gzipSync(bytes, { level: 9 }).length;
  }
  return { files, rawBytes, gzippedBytes };
}
