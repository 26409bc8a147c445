import type { Dialog, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRecord } from '../../lib/db';
import type { RefreshReport } from '../../lib/library';
import { createLibrarySites, LAB_PHOTO_TITLE, type LibrarySites } from '../lab';
import { axeViolations } from './harness/axe';
import { closeInstallRun, send } from './harness/extension-api';
import { labPreset, scenarioSiteTargets } from './harness/lab-preset';
import { startLabSession, type LabSession } from './harness/session';

// The reader page in real Chromium: the library saved from the lab's news site listed newest
// first, an article opened with its own images (blob: URLs, never the web), the lab-photo
// article's script/onerror/javascript: payloads inert, everything readable with the network cut,
// the popup's "read the saved copy" landing on the article, and sources managed from the page.

let session: LabSession;
let page: Page;
const sites: LibrarySites = createLibrarySites();
const BBC_TITLE = "Obama admits US gun laws are his 'biggest frustration'";
/** Every alert/prompt any page opened: an XSS payload firing would show up here. */
const alerts: string[] = [];

function watch(p: Page): Page {
  p.on('dialog', (dialog: Dialog) => {
    if (dialog.type() === 'confirm') return void dialog.accept();
    alerts.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return p;
}

async function openReader(): Promise<Page> {
  const reader = watch(await session.browser.openPage('reader.html'));
  await reader.locator('main.reader').waitFor();
  return reader;
}

beforeAll(async () => {
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
  await session?.close();
});

describe('reader page (Chromium)', () => {
  it('lists the saved articles, all unread, and is accessible', async () => {
    const reader = await openReader();
    const items = reader.getByTestId('article-item');
    await expect.poll(() => items.count()).toBe(4);
    expect(await reader.locator('.article-list li.unread').count()).toBe(4);
    await expect.poll(() => reader.getByTestId('article-list').textContent()).toContain(LAB_PHOTO_TITLE);
    // Sources are read beside the articles, not with them: wait for them too.
    await expect
      .poll(() => reader.getByTestId('source-item').allTextContents())
      .toEqual([expect.stringContaining('Азаттық (lab)')]);
    expect(await axeViolations(reader)).toEqual([]);
    await reader.close();
  });

  it('opens an article with the library’s own images and none of its payloads running', async () => {
    const reader = await openReader();
    const violations: string[] = [];
    await reader.exposeFunction('reportViolation', (text: string) => violations.push(text));
    await reader.evaluate(() =>
      document.addEventListener('securitypolicyviolation', (event) =>
        (window as unknown as { reportViolation(t: string): void }).reportViolation(
          `${event.violatedDirective} ${event.blockedURI}`,
        ),
      ),
    );
    await reader.getByText(LAB_PHOTO_TITLE).click();
    await expect.poll(() => reader.getByTestId('article-title').textContent()).toBe(LAB_PHOTO_TITLE);
    const body = reader.getByTestId('article-body');
    await expect.poll(() => body.textContent()).toContain('Алматы тұрғындары');
    const images = await body
      .locator('img')
      .evaluateAll((imgs) =>
        (imgs as HTMLImageElement[]).map((img) => ({ src: img.src, onerror: img.getAttribute('onerror') })),
      );
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) {
      expect(image.src).toMatch(/^blob:chrome-extension:/);
      expect(image.onerror).toBeNull();
    }
    // The images really load (from the blobs) — the CSP allows blob: images and nothing else.
    const first = body.locator('img').first();
    await first.scrollIntoViewIfNeeded();
    await expect
      .poll(() =>
        first.evaluate((img) =>
          JSON.stringify([(img as HTMLImageElement).complete, (img as HTMLImageElement).naturalWidth]),
        ),
      )
      .toBe('[true,480]'); // the lab's street photo, decoded from the library's own copy
    // The images the library did not keep (too large, SVG) are placeholders saying so, with
    // their alt text — not "[Слишком большой][svg]" — and the count is in words, one plural form.
    expect(
      await body
        .getByTestId('image-missing')
        .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))),
    ).toEqual(['Image not saved: Слишком большой', 'Image not saved: svg']);
    expect(await body.textContent()).not.toContain('[');
    expect(await reader.getByText(/images? (was|were) not saved/).textContent()).toMatch(
      /^2 images were not saved and are not loaded/,
    );
    const html = await body.innerHTML();
    expect(html).not.toMatch(/<script|onerror|javascript:/i);
    expect(await reader.title()).not.toBe('pwned');
    expect(alerts).toEqual([]);
    expect(violations).toEqual([]);
    // Opening it marked it read; back in the list it is no longer bold.
    await reader.getByRole('button', { name: /Back to the library/ }).click();
    await expect.poll(() => reader.locator('.article-list li.read').count()).toBe(1);
    expect(await axeViolations(reader)).toEqual([]);
    await reader.close();
  });

  it('works with the network cut: list, article, images; no request leaves', async () => {
    const asked = sites.requests.length;
    await session.browser.context.setOffline(true);
    try {
      const reader = await openReader();
      await expect.poll(() => reader.getByTestId('article-item').count()).toBe(4);
      await reader.getByText(BBC_TITLE).click();
      await expect.poll(() => reader.getByTestId('article-title').textContent()).toBe(BBC_TITLE);
      await expect.poll(() => reader.getByTestId('article-body').textContent()).toMatch(/gun/);
      // A reload works offline too; it shows the library, as the address names no article.
      await reader.reload();
      await expect.poll(() => reader.getByTestId('article-item').count()).toBe(4);
      expect(reader.url()).toBe(`chrome-extension://${session.browser.extensionId}/reader.html`);
      await reader.close();
    } finally {
      await session.browser.context.setOffline(false);
    }
    expect(sites.requests.slice(asked)).toEqual([]);
  });

  it('pins, unpins, marks unread and deletes from the article view', async () => {
    const reader = await openReader();
    await expect.poll(() => reader.getByTestId('article-item').count()).toBe(4);
    // Not the photo article: the search case below looks for it.
    await reader
      .getByTestId('article-item')
      .filter({ hasNotText: LAB_PHOTO_TITLE })
      .first()
      .locator('a')
      .click();
    await reader.getByTestId('article-title').waitFor();
    const title = await reader.getByTestId('article-title').textContent();
    await reader.getByRole('button', { name: 'Keep (never remove)' }).click();
    await reader.getByRole('button', { name: 'Stop keeping' }).waitFor();
    await reader.getByRole('button', { name: /Back to the library/ }).click();
    await reader.getByRole('button', { name: 'Kept' }).click();
    await expect
      .poll(() => reader.getByTestId('article-item').allTextContents())
      .toEqual([expect.stringContaining(title!)]);
    await reader.getByTestId('article-item').first().locator('a').click();
    await reader.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => reader.getByTestId('library-empty').isVisible()).toBe(true);
    await reader.getByRole('button', { name: 'All articles' }).click();
    await expect.poll(() => reader.getByTestId('article-item').count()).toBe(3);
    expect(alerts).toEqual([]);
    await reader.close();
  });

  it('the popup offers the saved copy of a page, and the saved pages of its site', async () => {
    const bbc = 'https://azattyq.lab.test/articles/bbc-1';
    const popup = await session.browser.openPage(`popup.html?site=${encodeURIComponent(bbc)}`);
    const link = popup.getByTestId('cached-copy');
    await expect.poll(() => link.textContent()).toBe('Read the saved copy');
    const [reader] = await Promise.all([session.browser.context.waitForEvent('page'), link.click()]);
    watch(reader);
    await expect.poll(() => reader.getByTestId('article-title').textContent()).toBe(BBC_TITLE);
    // The page to show came in memory: the address names neither the page nor its site.
    expect(reader.url()).toBe(`chrome-extension://${session.browser.extensionId}/reader.html`);
    await reader.close();
    await popup.close();

    const other = await session.browser.openPage(
      `popup.html?site=${encodeURIComponent('https://azattyq.lab.test/articles/not-saved')}`,
    );
    const siteLink = other.getByTestId('cached-copy');
    await expect.poll(() => siteLink.textContent()).toBe('Read 3 saved articles from this site');
    const [siteReader] = await Promise.all([session.browser.context.waitForEvent('page'), siteLink.click()]);
    await expect.poll(() => siteReader.getByTestId('article-item').count()).toBe(3);
    await siteReader.close();
    await other.close();

    // A site with nothing saved: no link at all.
    const none = await session.browser.openPage(
      `popup.html?site=${encodeURIComponent('https://vlast.lab.test/')}`,
    );
    await none.getByTestId('keep-offline').waitFor();
    await none.waitForTimeout(300);
    expect(await none.getByTestId('cached-copy').count()).toBe(0);
    await none.close();
  });

  it('asked for a saved copy that is gone, the reader says so and shows the library', async () => {
    // What the popup's link leaves for the reader, for a copy deleted in between.
    const page = await openReader();
    await page.evaluate(() =>
      (
        globalThis as unknown as { chrome: { storage: { session: { set(items: object): Promise<void> } } } }
      ).chrome.storage.session.set({
        readerIntent: { kind: 'copy', url: 'https://azattyq.lab.test/articles/lwn-1' },
      }),
    );
    await page.close();
    const reader = await openReader();
    await expect.poll(() => reader.getByTestId('copy-not-found').textContent()).toContain('lwn-1');
    // The notice is decided before the list is read, so the list may arrive a moment later.
    await expect.poll(() => reader.getByTestId('article-item').count()).toBe(3);
    await reader.close();
  });

  it('adds an important page and a broken feed from the page; the broken one says why', async () => {
    const reader = await openReader();
    await reader
      .getByLabel('Addresses of sites or feeds, one per line')
      .fill('https://azattyq.lab.test/articles/wikipedia');
    await reader.getByLabel('important page').check();
    await reader.getByRole('button', { name: 'Add', exact: true }).click();
    await expect
      .poll(() => reader.getByTestId('sources-status').textContent(), { timeout: 30_000 })
      .toMatch(/Done: 1 new article saved; 0 sources failed/);
    await expect.poll(() => reader.getByTestId('article-item').count()).toBe(4);

    await reader
      .getByLabel('Addresses of sites or feeds, one per line')
      .fill('https://vlast.lab.test/hostile/notafeed.html');
    await reader.getByLabel('news feed or site').check();
    await reader.getByRole('button', { name: 'Add', exact: true }).click();
    await expect
      .poll(() => reader.getByTestId('sources-status').textContent(), { timeout: 30_000 })
      .toMatch(/Done: 0 new articles saved; 1 source failed/);
    await expect.poll(() => reader.getByTestId('source-error').count()).toBe(1);
    const sources = await send(page, 'librarySources', {});
    expect(sources.sources.map((s: SourceRecord) => s.kind).sort()).toEqual(['feed', 'feed', 'page']);
    expect(await axeViolations(reader)).toEqual([]);
    await reader.close();
  });
});

/** The answer on screen is this one article, its first marked word `mark` (a string or a pattern). */
async function expectOnlyHit(reader: Page, title: string, mark: string | RegExp): Promise<void> {
  await expect
    .poll(() => reader.getByTestId('search-hit').allTextContents())
    .toEqual([expect.stringContaining(title)]);
  const first = () => reader.locator('[data-testid=search-hit] mark').first().textContent();
  if (typeof mark === 'string') await expect.poll(first).toBe(mark);
  else await expect.poll(first).toMatch(mark);
}

describe('search in the reader (Chromium)', () => {
  it('finds articles by a word prefix in Kazakh and English and by stem in Russian, offline, with the match marked', async () => {
    await session.browser.context.setOffline(true);
    try {
      const reader = await openReader();
      const box = reader.getByTestId('library-search');
      await box.fill('тұрғын');
      await expectOnlyHit(reader, LAB_PHOTO_TITLE, /^тұрғын/i);
      // Russian in another case: the article says «у соседей», the reader types «соседями».
      await box.fill('соседями');
      await expectOnlyHit(reader, LAB_PHOTO_TITLE, 'соседей');
      await box.fill('frustration');
      await expect
        .poll(() => reader.getByTestId('search-hit').allTextContents())
        .toEqual([expect.stringContaining(BBC_TITLE)]);
      await reader.getByTestId('search-hit').locator('a').click();
      await expect.poll(() => reader.getByTestId('article-title').textContent()).toBe(BBC_TITLE);
      await reader.getByRole('button', { name: /Back to the library/ }).click();
      await box.fill('zzzzqqq');
      await expect.poll(() => reader.getByTestId('search-count').textContent()).toBe('Found: 0');
      // The index was built off the page by its worker and stored in pieces (lib/search/shard-store.ts),
      // every saved article in it: a reader page only reads the pieces a query needs.
      const stored = await reader.evaluate(
        () =>
          new Promise<{ indexed: number; articles: number; legacy: boolean }>((resolve, reject) => {
            const open = indexedDB.open('vantage');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const db = open.result;
              const tx = db.transaction(['libraryMeta', 'articles']);
              const docs = tx.objectStore('libraryMeta').get('search3:docs');
              const legacy = tx.objectStore('libraryMeta').count('searchIndex');
              const articles = tx.objectStore('articles').count();
              tx.onerror = () => reject(tx.error);
              tx.oncomplete = () => {
                db.close();
                resolve({
                  indexed: (JSON.parse(docs.result.value) as { documentCount: number }).documentCount,
                  articles: articles.result,
                  legacy: legacy.result > 0,
                });
              };
            };
          }),
      );
      expect(stored.articles).toBeGreaterThan(2);
      expect(stored).toEqual({ indexed: stored.articles, articles: stored.articles, legacy: false });
      expect(await axeViolations(reader)).toEqual([]);
      await reader.close();
    } finally {
      await session.browser.context.setOffline(false);
    }
  });
  it('a word’s stored postings tampered with: the reader has its index rebuilt from the articles and finds the article', async () => {
    const reader = await openReader();
    const box = reader.getByTestId('library-search');
    await box.fill('frustration');
    await expectOnlyHit(reader, BBC_TITLE, /^frustration/i);
    await expect.poll(() => reader.getByTestId('search-indexing').count()).toBe(0);
    // The profile tampered with (or a value cut short): the word's postings no longer read.
    const TAMPERED = '{"0":[1,2,3]}';
    const term = (on: Page, key?: string) =>
      on.evaluate(
        ([key, value]) =>
          new Promise<{ key: string; value: unknown } | undefined>((resolve, reject) => {
            const open = indexedDB.open('vantage');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const tx = open.result.transaction('libraryMeta', 'readwrite');
              const store = tx.objectStore('libraryMeta');
              const found = store.getAll(IDBKeyRange.only('search3:s:frustration'));
              found.onsuccess = () => {
                const record = (found.result as { key: string; value: unknown }[])[0];
                if (record && key === record.key) store.put({ key, value });
                resolve(record);
              };
              tx.onerror = () => reject(tx.error);
              tx.oncomplete = () => open.result.close();
            };
          }),
        [key, TAMPERED] as const,
      );
    const stored = await term(reader);
    expect(stored?.value).toEqual(expect.stringMatching(/^\{"\d+":\[/));
    await term(reader, stored!.key);
    expect((await term(reader))?.value).toBe(TAMPERED);
    await reader.close();

    // A new page holds none of the old postings: its query reads the tampered value.
    const next = await openReader();
    await next.getByTestId('library-search').fill('frustration');
    await expectOnlyHit(next, BBC_TITLE, /^frustration/i);
    // Rebuilt, not patched: the word's postings read again.
    await expect.poll(async () => (await term(next))?.value).not.toBe(TAMPERED);
    expect((await term(next))?.value).toEqual(expect.stringMatching(/^\{"\d+":\[\d/));
    expect(await next.getByRole('alert').count()).toBe(0);
    await next.close();
  });
  it('shows a long answer a page at a time; typed on, only the new answer’s passages show', async () => {
    const reader = await openReader();
    // 59 more copies of the BBC article (ids and addresses of their own): 60 hits for its word.
    const copies = await reader.evaluate(
      (title) =>
        new Promise<string[]>((resolve, reject) => {
          const open = indexedDB.open('vantage');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction('articles', 'readwrite');
            const store = tx.objectStore('articles');
            const ids: string[] = [];
            const all = store.getAll();
            all.onsuccess = () => {
              const original = (all.result as { id: string; url: string; title: string }[]).find(
                (record) => record.title === title,
              )!;
              for (let i = 1; i < 60; i++) {
                const id = `${original.id}-copy-${i}`;
                ids.push(id);
                const url = `${original.url}?copy=${i}`;
                store.put({ ...original, id, url, canonicalUrl: url });
              }
            };
            tx.onerror = () => reject(tx.error);
            tx.oncomplete = () => (db.close(), resolve(ids));
          };
        }),
      BBC_TITLE,
    );
    try {
      await reader.reload();
      const box = reader.getByTestId('library-search');
      await box.fill('frustration');
      // The worker adds the copies to the index (an update, not a rebuild); polled until it did.
      await expect
        .poll(() => reader.getByTestId('search-count').textContent(), { timeout: 60_000 })
        .toBe('Found: 60');
      expect(await reader.getByTestId('search-hit').count()).toBe(20);
      await expect.poll(() => reader.locator('.excerpt').count()).toBe(20);
      // Each "More" shows the next 20, and their passages are read too.
      await reader.getByTestId('search-more').click();
      await expect.poll(() => reader.getByTestId('search-hit').count()).toBe(40);
      await expect.poll(() => reader.locator('.excerpt').count()).toBe(40);
      await reader.getByTestId('search-more').click();
      await expect.poll(() => reader.getByTestId('search-hit').count()).toBe(60);
      await expect.poll(() => reader.locator('.excerpt').count()).toBe(60);
      await expect(reader.getByTestId('search-more').count()).resolves.toBe(0);
      // Typed on: the passages of the old answer never appear under the new one.
      await box.fill('');
      await box.pressSequentially('соседями');
      await expectOnlyHit(reader, LAB_PHOTO_TITLE, 'соседей');
      expect(await reader.locator('.excerpt').count()).toBe(1);
    } finally {
      await reader.evaluate(
        (ids) =>
          new Promise<void>((resolve, reject) => {
            const open = indexedDB.open('vantage');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const db = open.result;
              const tx = db.transaction('articles', 'readwrite');
              for (const id of ids) tx.objectStore('articles').delete(id);
              tx.onerror = () => reject(tx.error);
              tx.oncomplete = () => (db.close(), resolve());
            };
          }),
        copies,
      );
      await reader.close();
    }
  });
});
