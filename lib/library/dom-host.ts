import { browser } from 'wxt/browser';
import { sendToOffscreen } from '../messaging';
import { fail, type LibraryFailure } from './failure';
import { processPage, type ProcessedPage } from './process-page';

/**
 * Where Readability and DOMPurify get their real DOM. The MV3 service worker (Chrome) has no
 * DOMParser, so it hands the page to an offscreen document (reason DOM_PARSER); Firefox's MV3
 * background is an event page, which has a DOM of its own.
 */
export function createPageProcessor(kind: 'chromium' | 'firefox') {
  if (kind === 'firefox' || typeof DOMParser !== 'undefined') {
    return async (html: string, url: string) => processPage(html, url, globalThis as unknown as Window);
  }
  let creating: Promise<void> | undefined;
  type Offscreen = {
    createDocument(p: { url: string; reasons: string[]; justification: string }): Promise<void>;
  };
  type Runtime = { getContexts(filter: { contextTypes: string[] }): Promise<unknown[]> };
  async function ensureDocument() {
    const contexts = await (browser.runtime as unknown as Runtime).getContexts({
      contextTypes: ['OFFSCREEN_DOCUMENT'],
    });
    if (contexts.length > 0) return;
    creating ??= (browser as unknown as { offscreen: Offscreen }).offscreen
      .createDocument({
        url: '/offscreen.html',
        reasons: ['DOM_PARSER'],
        justification:
          'Extract articles (Readability) and sanitize them (DOMPurify) for the offline library.',
      })
      .finally(() => {
        creating = undefined;
      });
    await creating;
  }
  return async (html: string, url: string): Promise<ProcessedPage | LibraryFailure> => {
    try {
      await ensureDocument();
      const answer = await sendToOffscreen('processPage', { html, url });
      return answer ?? fail('not-an-article', 'the offscreen document did not answer');
    } catch (error) {
      return fail('not-an-article', `offscreen: ${String(error).slice(0, 200)}`);
    }
  };
}
