import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Messages } from '../../lib/i18n';
import { createLibrarySites } from '../lab';
import { closeInstallRun, send } from './harness/extension-api';
import { labPreset, scenarioSiteTargets } from './harness/lab-preset';
import { startLabSession, type LabSession } from './harness/session';

// Issue #14 items 5 and 6 in real Chromium against the lab: "Keep offline" on a page that never
// finishes loading answers at once; several feed addresses pasted at once each get their own
// answer; a feed that fails says why in words (no exception text, no byte counts), in English
// and in Russian, with the right plural; sources with the same name are told apart.

const messages = (language: string) =>
  JSON.parse(readFileSync(`public/_locales/${language}/messages.json`, 'utf8')) as Messages;
const en = messages('en');
const ru = messages('ru');

let session: LabSession;
let options: Page;

async function useLanguage(language: string) {
  const imported = await send(options, 'importSettings', {
    json: labPreset(scenarioSiteTargets(session.lab), { requestTimeoutMs: 3_000, language }),
  });
  expect(imported.ok).toBe(true);
}

beforeAll(async () => {
  session = await startLabSession({ lab: { library: createLibrarySites() } });
  options = await session.browser.openPage('options.html');
  await useLanguage('en');
  await closeInstallRun(options);
});

afterAll(async () => {
  await session?.close();
});

describe('keep offline on a page still loading (Chromium)', () => {
  it('saves what has arrived within seconds and says the page was still loading', async () => {
    // throttled.lab.test trickles 256 KiB at 1 KiB per 250 ms: the page loads for over a minute.
    const tab = await session.browser.context.newPage();
    await tab.goto('https://throttled.lab.test/', { waitUntil: 'commit' });
    await tab.locator('h1').waitFor({ state: 'attached', timeout: 15_000 });
    expect(await tab.evaluate(() => document.readyState)).toBe('loading');
    const popup = await session.browser.openPage('popup.html');
    await tab.bringToFront();
    await popup.getByTestId('keep-offline').click();
    // Well before the page ends (≈64 s): the answer comes from the part that arrived.
    await expect
      .poll(() => popup.getByTestId('keep-offline-status').textContent(), { timeout: 20_000 })
      .toMatch(/Saved for offline reading: .*throttled\.lab\.test/);
    expect(await popup.getByTestId('keep-offline-partial').textContent()).toBe(en.wordsKeptPartial!.message);
    expect(await popup.getByTestId('keep-offline').textContent()).toBe(en.libraryKeepOffline!.message);
    expect(await tab.evaluate(() => document.readyState)).toBe('loading');
    await popup.close();
    await tab.close();
  });
});

describe('sources in words (Chromium)', () => {
  it('adds several pasted addresses one by one, each with its answer, and says why a feed failed in words', async () => {
    const reader = await session.browser.openPage('reader.html');
    const lines = [
      'https://vlast.lab.test/hostile/huge.xml',
      'https://vlast.lab.test/hostile/500.xml',
      'https://reset.lab.test/feed.xml',
      'https://vlast.lab.test/hostile/gzip.xml',
      'javascript:alert(1)',
    ];
    await reader.getByLabel(en.wordsSourceUrls!.message).fill(lines.join('\n'));
    await reader.getByRole('button', { name: 'Add', exact: true }).click();
    const report = reader.getByTestId('add-report');
    await expect
      .poll(() => report.locator('li').evaluateAll((li) => li.map((l) => l.getAttribute('data-outcome'))), {
        timeout: 30_000,
      })
      .toEqual(['added', 'added', 'added', 'added', 'failed']);
    expect(await reader.getByTestId('add-summary').textContent()).toBe(
      'Added: 4. Already there: 0. Not added: 1.',
    );
    expect(await report.locator('li').last().textContent()).toBe(
      `javascript:alert(1) — not added: ${en.libraryError_bad_url!.message}`,
    );
    // The refresh of the four: three failures, in English plurals (never "1 new articles").
    await expect
      .poll(() => reader.getByTestId('sources-status').textContent(), { timeout: 60_000 })
      .toMatch(/^Done: (1 new article|(0|[2-9]\d*) new articles) saved; 3 sources failed\.$/);
    await expect.poll(() => reader.getByTestId('source-error').count()).toBe(3);
    const errors = await reader.getByTestId('source-error').allTextContents();
    const said = (key: string) => en.readerSourceError!.message.replace('$1', en[key]!.message);
    expect(errors.sort()).toEqual(
      [said('libraryError_too_large'), said('libraryError_http_status'), said('libraryError_network')].sort(),
    );
    for (const error of errors) expect(error).not.toMatch(/Error:|Failed to fetch|bytes|\d{4,}/);
    // Every source reads differently, even those named after the same host.
    const names = await reader.locator('[data-testid=source-item] > button.link').allTextContents();
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((name) => name.includes('vlast.lab.test/hostile/')).length).toBeGreaterThan(0);
    await reader.close();
  });

  it('says the same in Russian, with Russian plurals', async () => {
    await useLanguage('ru');
    try {
      const reader = await session.browser.openPage('reader.html');
      await expect.poll(() => reader.getByTestId('source-error').count()).toBe(3);
      const errors = await reader.getByTestId('source-error').allTextContents();
      expect(errors).toContain(
        ru.readerSourceError!.message.replace('$1', ru.libraryError_too_large!.message),
      );
      await reader.getByTestId('refresh-all').click();
      await expect
        .poll(() => reader.getByTestId('sources-status').textContent(), { timeout: 60_000 })
        .toMatch(/^Готово: сохранено \d+ нов(ых|ая|ые) стат(ей|ья|ьи); 3 источника не обновились\.$/);
      // The native file input's "No file chosen" is the browser's language: ours replaces it.
      expect(await reader.getByTestId('opml-import-button').textContent()).toBe(ru.wordsChooseFile!.message);
      expect(await reader.locator('#opml-file-chosen').textContent()).toBe(ru.wordsNoFileChosen!.message);
      await reader.close();
    } finally {
      await useLanguage('en');
    }
  });

  it('adds the feeds of an OPML file, each with its answer', async () => {
    const reader = await session.browser.openPage('reader.html');
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>friends</title></head><body>
      <outline text="News"><outline text="Azattyq" type="rss" xmlUrl="https://azattyq.lab.test/feed.xml"/>
      <outline text="Already" xmlUrl="https://vlast.lab.test/hostile/500.xml"/></outline></body></opml>`;
    await reader.getByTestId('opml-import').setInputFiles({
      name: 'friends.opml',
      mimeType: 'text/x-opml',
      buffer: Buffer.from(opml),
    });
    await expect
      .poll(() => reader.getByTestId('add-summary').textContent(), { timeout: 30_000 })
      .toBe('Added: 1. Already there: 1. Not added: 0.');
    expect(await reader.locator('#opml-file-chosen').textContent()).toBe('Chosen: friends.opml');
    await expect
      .poll(() => reader.getByTestId('sources-status').textContent(), { timeout: 60_000 })
      .toMatch(/^Done: /);
    await reader.getByTestId('opml-import').setInputFiles({
      name: 'x.opml',
      mimeType: 'text/x-opml',
      buffer: Buffer.from(
        '<!DOCTYPE opml [<!ENTITY a "b">]><opml><body><outline xmlUrl="https://x.test/&a;"/></body></opml>',
      ),
    });
    await expect
      .poll(() => reader.getByTestId('sources-status').textContent())
      .toBe(en.wordsOpmlInvalid!.message);
    await reader.close();
  });
});
