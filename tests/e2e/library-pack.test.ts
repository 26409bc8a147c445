import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dialog, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RefreshReport } from '../../lib/library';
import { createLibrarySites, LAB_PHOTO_TITLE, type LibrarySites } from '../lab';
import { axeViolations } from './harness/axe';
import { launchChromium, type ChromiumSession } from './harness/chromium';
import { closeInstallRun, send } from './harness/extension-api';
import { labPreset, scenarioSiteTargets } from './harness/lab-preset';
import { startLabSession, type LabSession } from './harness/session';

// Offline packs in real Chromium: the library saved from the lab exported from the reader as
// one file; that file read and searched in a plain browser tab with the network cut; a tampered
// copy (inline script, handlers) opened directly and imported into a friend's fresh profile —
// no payload ever runs, the friend's library gets the articles.

let session: LabSession;
let friend: ChromiumSession | undefined;
let page: Page;
let dir: string;
let packPath: string;
const sites: LibrarySites = createLibrarySites();
const dialogs: string[] = [];

function watch(p: Page): Page {
  p.on('dialog', (dialog: Dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return p;
}

/** A page that records CSP violations from its very start (init script, before any of the file runs). */
async function openFile(browser: ChromiumSession, path: string): Promise<Page> {
  const p = watch(await browser.context.newPage());
  await p.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { violations: string[] }).violations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
  });
  await p.goto(`file://${path}`);
  return p;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vantage-pack-'));
  session = await startLabSession({ lab: { library: sites } });
  page = await session.browser.openPage('options.html');
  const imported = await send(page, 'importSettings', {
    json: labPreset(scenarioSiteTargets(session.lab), { requestTimeoutMs: 3_000 }),
  });
  expect(imported.ok).toBe(true);
  await closeInstallRun(page);
  const added = await send(page, 'libraryAddSource', { url: 'https://azattyq.lab.test/news/', kind: 'feed' });
  if (!added.ok) throw new Error(added.reason);
  const report: RefreshReport = await send(page, 'libraryRefresh', { sourceIds: [added.source.id] });
  expect(report.sources[0]).toMatchObject({ ok: true, saved: 4 });
});
afterAll(async () => {
  await friend?.close();
  await session?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('offline packs (Chromium)', () => {
  it('exports the library from the reader as one file named by date only', async () => {
    const reader = watch(await session.browser.openPage('reader.html'));
    await reader.getByTestId('pack-export').waitFor();
    const [download] = await Promise.all([
      reader.waitForEvent('download'),
      reader.getByTestId('pack-export').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^vantage-pack-\d{4}-\d{2}-\d{2}\.html$/);
    packPath = join(dir, 'pack.html');
    await download.saveAs(packPath);
    await expect
      .poll(() => reader.getByTestId('pack-export-status').textContent())
      .toMatch(/Saved 4 articles/);
    expect(await axeViolations(reader)).toEqual([]);
    await reader.close();
  });

  it('the file reads and searches in a plain tab with the network cut; its own script is the only one', async () => {
    await session.browser.context.setOffline(true);
    try {
      const file = await openFile(session.browser, packPath);
      expect(await file.locator('article[data-vp]').count()).toBe(4);
      await expect.poll(() => file.locator('main').textContent()).toContain('Алматы тұрғындары');
      // The lab photo's image is inline (data:) and shows.
      const img = file.locator('article[data-vp] img').first();
      await img.scrollIntoViewIfNeeded();
      await expect.poll(() => img.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
      // Search (the file's hashed script) filters the articles.
      await file.locator('#vp-q').fill('тұрғын');
      await expect.poll(() => file.locator('article[data-vp]:not([hidden])').count()).toBe(1);
      expect(await file.locator('article[data-vp]:not([hidden]) h2').first().textContent()).toBe(
        LAB_PHOTO_TITLE,
      );
      await file.locator('#vp-q').fill('');
      await expect.poll(() => file.locator('article[data-vp]:not([hidden])').count()).toBe(4);
      expect(await file.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual(
        [],
      );
      expect(dialogs).toEqual([]);
      await file.close();
    } finally {
      await session.browser.context.setOffline(false);
    }
  });

  it('a tampered copy cannot run script when opened directly: the CSP blocks it', async () => {
    const html = readFileSync(packPath, 'utf8');
    const tampered = html
      .replace(
        '<div class="vp-body" data-vp-body>',
        '<div class="vp-body" data-vp-body><script>alert("inline")</script><img src="x" onerror="alert(\'handler\')" alt="x">' +
          '<a href="javascript:alert(\'link\')" id="bad-link">click</a><svg><script>alert("svg")</script></svg>',
      )
      .replace('</main>', '<iframe srcdoc="<script>parent.alert(1)</script>"></iframe></main>');
    expect(tampered).not.toBe(html);
    const tamperedPath = join(dir, 'tampered.html');
    writeFileSync(tamperedPath, tampered);
    const file = await openFile(session.browser, tamperedPath);
    await file.locator('#bad-link').click();
    await file.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    const violations = await file.evaluate(() => (window as unknown as { violations: string[] }).violations);
    expect(violations.some((v) => v.startsWith('script-src'))).toBe(true);
    // Its own search still works: only the hashed script runs.
    await file.locator('#vp-q').fill('тұрғын');
    await expect.poll(() => file.locator('article[data-vp]:not([hidden])').count()).toBe(1);
    await file.close();
  });

  it('a friend imports the tampered pack into a fresh profile: articles in, payloads inert, again = duplicates', async () => {
    friend = await launchChromium({ resolverRules: session.lab.resolverRules, home: session.home });
    const reader = watch(await friend.openPage('reader.html'));
    await reader.getByTestId('library-empty').waitFor();
    await reader.getByTestId('pack-import').setInputFiles(join(dir, 'tampered.html'));
    await expect
      .poll(() => reader.getByTestId('pack-import-summary').textContent(), { timeout: 30_000 })
      .toBe('Imported 4 articles; 0 were already in your library; 0 were refused.');
    await expect.poll(() => reader.getByTestId('article-item').count()).toBe(4);
    await reader.getByRole('link', { name: LAB_PHOTO_TITLE }).click();
    const body = reader.getByTestId('article-body');
    await expect.poll(() => body.textContent()).toContain('Алматы тұрғындары');
    const html = await body.innerHTML();
    expect(html).not.toMatch(/<script|onerror|javascript:|<svg|<iframe/i);
    const img = body.locator('img').first();
    await img.scrollIntoViewIfNeeded();
    expect(await img.getAttribute('src')).toMatch(/^blob:chrome-extension:/);
    await expect.poll(() => img.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await reader.getByRole('button', { name: /Back to the library/ }).click();

    await reader.getByTestId('pack-import').setInputFiles(join(dir, 'tampered.html'));
    await expect
      .poll(() => reader.getByTestId('pack-import-summary').textContent(), { timeout: 30_000 })
      .toBe('Imported 0 articles; 4 were already in your library; 0 were refused.');
    expect(await reader.getByTestId('article-item').count()).toBe(4);

    // Not a pack: a clear message, nothing changes.
    const notPack = join(dir, 'page.html');
    writeFileSync(notPack, '<!doctype html><title>hi</title><p>just a page</p>');
    await reader.getByTestId('pack-import').setInputFiles(notPack);
    await expect
      .poll(() => reader.getByTestId('pack-import-status').textContent())
      .toBe('Nothing was imported: this file is not a Vantage pack');
    expect(await reader.getByTestId('article-item').count()).toBe(4);
    expect(dialogs).toEqual([]);
    await reader.close();
  });

  it('the friend sees each imported article labelled as from a pack, in the reader and the popup; a genuine refresh replaces them', async () => {
    const reader = watch(await friend!.openPage('reader.html'));
    await expect
      .poll(() => reader.getByTestId('article-item').allTextContents())
      .toEqual(Array(4).fill(expect.stringContaining('From a pack, not verified')));
    await reader.getByRole('link', { name: LAB_PHOTO_TITLE }).click();
    await expect
      .poll(() => reader.getByTestId('article-from-pack').textContent())
      .toMatch(/^From a pack, not verified\. .*did not fetch it from the site/);
    expect(await axeViolations(reader)).toEqual([]);
    await reader.getByRole('button', { name: /Back to the library/ }).click();

    const photo = 'https://azattyq.lab.test/articles/lab-photo';
    const popup = await friend!.openPage(`popup.html?site=${encodeURIComponent(photo)}`);
    await expect
      .poll(() => popup.getByTestId('cached-copy').textContent())
      .toBe('Read the copy from an unsigned pack (not verified)');
    await popup.close();

    // The friend subscribes to the site the pack claimed to copy: every claimed address is fetched
    // for real (the build before skipped them all as already saved) and replaces the pack's copy.
    const added = await send(reader, 'libraryAddSource', {
      url: 'https://azattyq.lab.test/news/',
      kind: 'feed',
    });
    if (!added.ok) throw new Error(added.reason);
    const report: RefreshReport = await send(reader, 'libraryRefresh', { sourceIds: [added.source.id] });
    expect(report.sources[0]).toMatchObject({ ok: true, saved: 4 });
    const after = await friend!.openPage(`popup.html?site=${encodeURIComponent(photo)}`);
    await expect.poll(() => after.getByTestId('cached-copy').textContent()).toBe('Read the saved copy');
    await after.close();
    await reader.reload();
    await expect.poll(() => reader.getByTestId('article-item').count()).toBe(4);
    expect((await reader.getByTestId('article-item').allTextContents()).join('\n')).not.toContain(
      'From a pack',
    );
    expect(dialogs).toEqual([]);
    await reader.close();
  });
});
