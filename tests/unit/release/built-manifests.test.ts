import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'wxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Issue #12: WXT turns an entrypoint named `history` (or `newtab`, `bookmarks`) into
// `chrome_url_overrides`, so Ctrl+H showed Vantage instead of the browser's History page — the
// user lost the page they need to clean their traces, anyone glancing at the screen saw the
// tool, and store review flags it. The manifests are built here, from the sources as they are,
// into a folder of this test's own (never a build someone made earlier).

const BROWSERS = ['chrome', 'firefox'] as const;
let outDir: string;
const manifests = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'vantage-manifest-'));
  for (const browser of BROWSERS) {
    await build({ browser, outDir, logger: quiet });
    manifests.set(browser, JSON.parse(readFileSync(join(outDir, `${browser}-mv3`, 'manifest.json'), 'utf8')));
  }
}, 180_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('built manifests', () => {
  for (const browser of BROWSERS)
    it(`${browser}: takes over none of the browser's own pages (history, new tab, bookmarks)`, () => {
      const manifest = manifests.get(browser)!;
      expect(manifest.manifest_version).toBe(3);
      expect(manifest).not.toHaveProperty('chrome_url_overrides');
      expect(manifest).not.toHaveProperty('chrome_settings_overrides');
    });
});

/** WXT's build log, silenced: a passing test prints nothing. */
const quiet = {
  debug: () => undefined,
  log: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: console.error,
  fatal: console.error,
  success: () => undefined,
  level: 0,
};
