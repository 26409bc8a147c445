import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLibrarySites, LAB_PHOTO_TITLE, startLab, type Lab } from '../lab';
import { widePhotoPng } from '../lab/wide-photo';
import { launchFirefox, type FirefoxSession } from './harness/firefox';

// Prerequisite: `npx wxt build -b firefox` (.output/firefox-mv3).
// Firefox's MV3 background is an event page with a DOM of its own: Readability and DOMPurify run
// there (no offscreen document). This checks that path end to end against the lab.
let lab: Lab;
let firefox: FirefoxSession;

beforeAll(async () => {
  lab = await startLab({ library: createLibrarySites(['lab-photo', 'bbc-1']) });
  firefox = await launchFirefox({ lab });
});
afterAll(async () => {
  await firefox?.close();
  await lab?.stop();
});

describe('offline library capture in Firefox (event page)', () => {
  const inExtension = <T>(body: string) => firefox.evaluateInExtension<T>(`(async () => { ${body} })()`);
  const send = (type: string, data: unknown) =>
    `browser.runtime.sendMessage({ vantage: 1, type: '${type}', data: ${JSON.stringify(data)} })`;

  it('subscribes, refreshes, and stores extracted, sanitized articles with their images', async () => {
    const result = await inExtension<{
      added: { ok: boolean; value: { ok: boolean; source: { id: string } } };
      report: {
        ok: boolean;
        value: { sources: { ok: boolean; saved: number; reason?: string; detail?: string }[] };
      };
      articles: { url: string; title: string; text: string; imageKeys: string[]; html: string }[];
    }>(`
      const added = await ${send('libraryAddSource', { url: 'https://azattyq.lab.test/news/', kind: 'feed' })};
      // Only ours: the region's default sources (kz pack, real addresses) are unreachable here.
      const report = await browser.runtime.sendMessage({ vantage: 1, type: 'libraryRefresh',
        data: { sourceIds: [added.value.source.id] } });
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open('vantage');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const rows = await new Promise((resolve) => {
        const request = db.transaction('articles').objectStore('articles').getAll();
        request.onsuccess = () => resolve(request.result);
      });
      const articles = [];
      for (const a of rows) {
        const html = typeof a.html === 'string' ? a.html
          : await new Response(new Response(a.html.gzip).body.pipeThrough(new DecompressionStream('gzip'))).text();
        articles.push({ url: a.url, title: a.title, text: a.text, imageKeys: a.imageKeys, html });
      }
      db.close();
      return { added, report, articles };`);
    expect(result.added).toMatchObject({ ok: true, value: { ok: true } });
    expect(result.report).toMatchObject({ ok: true });
    expect(result.report.value.sources).toEqual([expect.objectContaining({ ok: true, saved: 2 })]);
    const photo = result.articles.find((a) => a.url === 'https://azattyq.lab.test/articles/lab-photo');
    expect(photo).toMatchObject({ title: LAB_PHOTO_TITLE });
    expect(photo!.text).toContain('Алматы тұрғындары');
    expect(photo!.imageKeys).toHaveLength(2);
    expect(photo!.html).not.toMatch(/<script|onerror|javascript:/i);
    const bbc = result.articles.find((a) => a.url.endsWith('/bbc-1'));
    expect(bbc?.title).toBe("Obama admits US gun laws are his 'biggest frustration'");
  });

  it('the reader lists, opens (images from the library, payloads inert) and searches in Firefox', async () => {
    const reader = await firefox.openExtensionPage('reader.html');
    const result = await firefox.evaluate<{
      items: number;
      title: string;
      body: string;
      images: string[];
      loaded: boolean;
      hits: string[];
    }>(
      reader,
      `(async () => {
        const until = async (find) => {
          for (let i = 0; i < 200; i++) { const found = find(); if (found) return found; await new Promise((r) => setTimeout(r, 100)); }
          throw new Error('not found');
        };
        const items = await until(() => document.querySelectorAll('[data-testid=article-item]').length === 2 && document.querySelectorAll('[data-testid=article-item]'));
        [...document.querySelectorAll('[data-testid=article-item] a')].find((a) => a.textContent.includes(${JSON.stringify(LAB_PHOTO_TITLE)})).click();
        const body = await until(() => /тұрғындары/.test(document.querySelector('[data-testid=article-body]')?.textContent ?? '') && document.querySelector('[data-testid=article-body]'));
        const img = body.querySelector('img');
        img.scrollIntoView();
        const loaded = await until(() => img.complete && img.naturalWidth > 0);
        const result = { items: items.length, title: document.querySelector('[data-testid=article-title]').textContent,
          body: body.innerHTML, images: [...body.querySelectorAll('img')].map((i) => i.src), loaded };
        [...document.querySelectorAll('button')].find((b) => /Back to the library/.test(b.textContent)).click();
        const box = await until(() => document.querySelector('[data-testid=library-search]'));
        box.value = 'тұрғын';
        box.dispatchEvent(new Event('input', { bubbles: true }));
        const hits = await until(() => document.querySelectorAll('[data-testid=search-hit]').length && document.querySelectorAll('[data-testid=search-hit] a'));
        return { ...result, hits: [...hits].map((a) => a.textContent) };
      })()`,
    );
    expect(result.items).toBe(2);
    expect(result.title).toBe(LAB_PHOTO_TITLE);
    expect(result.body).not.toMatch(/<script|onerror|javascript:/i);
    expect(result.images.length).toBeGreaterThan(0);
    for (const src of result.images) expect(src).toMatch(/^blob:moz-extension:/);
    expect(result.loaded).toBe(true);
    expect(result.hits).toEqual([LAB_PHOTO_TITLE]);
  });

  it('opens the saved copy the popup hands over in storage.session, with a bare address', async () => {
    // What the popup's "read the saved copy" leaves for the reader tab it opens.
    await inExtension(`await browser.storage.session.set({ readerIntent: { kind: 'copy',
      url: 'https://azattyq.lab.test/articles/bbc-1' } })`);
    const reader = await firefox.openExtensionPage('reader.html');
    const result = await firefox.evaluate<{ title: string; address: string; left: string[] }>(
      reader,
      `(async () => {
        for (let i = 0; i < 200 && !document.querySelector('[data-testid=article-title]'); i++)
          await new Promise((r) => setTimeout(r, 100));
        return { title: document.querySelector('[data-testid=article-title]')?.textContent ?? '',
          address: location.href, left: Object.keys(await browser.storage.session.get()) };
      })()`,
    );
    expect(result.title).toBe("Obama admits US gun laws are his 'biggest frustration'");
    expect(result.address).toBe(`${firefox.extensionOrigin}/reader.html`);
    // Taken once: the next reader shows the whole library.
    expect(result.left).toEqual([]);
  });

  it('signed packs: Firefox makes a non-extractable Ed25519 key, keeps it in IndexedDB and signs with it (issue #16)', async () => {
    // What lib/signing/keystore.ts and lib/library/pack/signature.ts rely on, in Firefox's event page.
    const result = await inExtension<{
      extractable: boolean;
      signature: number;
      valid: boolean;
      tampered: boolean;
    }>(`
      const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
      const open = (version) => new Promise((resolve, reject) => {
        const request = indexedDB.open('vantage-keys-probe', version);
        request.onupgradeneeded = () => request.result.createObjectStore('own');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      let db = await open(1);
      await new Promise((resolve, reject) => {
        const tx = db.transaction('own', 'readwrite');
        tx.objectStore('own').put({ privateKey: pair.privateKey }, 'publisher');
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
      db = await open(1);
      const stored = await new Promise((resolve) => {
        const request = db.transaction('own').objectStore('own').get('publisher');
        request.onsuccess = () => resolve(request.result);
      });
      db.close();
      await new Promise((resolve) => { indexedDB.deleteDatabase('vantage-keys-probe').onsuccess = resolve; });
      const data = new TextEncoder().encode('vantage-pack-signature-v1 test');
      const signature = await crypto.subtle.sign('Ed25519', stored.privateKey, data);
      const valid = await crypto.subtle.verify('Ed25519', pair.publicKey, signature, data);
      const tampered = await crypto.subtle.verify('Ed25519', pair.publicKey, signature,
        new TextEncoder().encode('vantage-pack-signature-v1 tesT'));
      return { extractable: stored.privateKey.extractable, signature: signature.byteLength, valid, tampered };`);
    expect(result).toEqual({ extractable: false, signature: 64, valid: true, tampered: false });
  });

  it('stores a photo wider than the reader at the reader’s width, re-encoded smaller, in the event page', async () => {
    // Issue #17, goal 5 (lib/library/fit-image.ts): Firefox's event page has OffscreenCanvas and a
    // WebP encoder too. The lab's photo is 2,400×1,600, just under the 1 MB cap (tests/lab/wide-photo.ts).
    const original = widePhotoPng().length;
    const result = await inExtension<{
      report: { ok: boolean; value: { sources: { ok: boolean; saved: number }[] } };
      stored: { url: string; type: string; size: number; width: number; height: number }[];
    }>(`
      const added = await ${send('libraryAddSource', { url: 'https://azattyq.lab.test/articles/wide-photo', kind: 'page' })};
      const report = await browser.runtime.sendMessage({ vantage: 1, type: 'libraryRefresh',
        data: { sourceIds: [added.value.source.id] } });
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open('vantage');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const images = await new Promise((resolve) => {
        const request = db.transaction('images').objectStore('images').getAll();
        request.onsuccess = () => resolve(request.result);
      });
      db.close();
      const stored = [];
      for (const image of images.filter((i) => i.url.endsWith('/images/wide.png'))) {
        const bitmap = await createImageBitmap(image.blob);
        stored.push({ url: image.url, type: image.blob.type, size: image.blob.size, width: bitmap.width, height: bitmap.height });
        bitmap.close();
      }
      return { report, stored };`);
    expect(result.report.value.sources).toEqual([expect.objectContaining({ ok: true, saved: 1 })]);
    expect(result.stored).toEqual([
      expect.objectContaining({ type: 'image/webp', width: 1344, height: 896 }),
    ]);
    expect(result.stored[0]!.size).toBeLessThan(original);
  });
});
