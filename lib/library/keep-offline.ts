import type { WxtBrowser as Browser } from 'wxt/browser';
import { fail, type LibraryFailure } from './failure';

/**
 * "Keep offline": take the tab's rendered DOM — what the user sees, after the page's scripts
 * built it, behind any login — serialized in the page by browser.scripting under activeTab.
 * Readability and DOMPurify then run in our own DOM (offscreen / event page), not in the page,
 * so the page's scripts cannot tamper with the extraction or the sanitizer.
 */
const MAX_TAB_HTML_CHARS = 8 * 1024 * 1024;
/**
 * How long the page may take to hand over its DOM. With injectImmediately the script runs at
 * once, even in a document still loading; only a page whose own script hogs its thread is slower.
 */
export const READ_TAB_TIMEOUT_MS = 5_000;

export type TabRead = { ok: true; html: string; url: string; stillLoading: boolean } | LibraryFailure;

export async function readTab(browser: Browser, tabId: number): Promise<TabRead> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const injected = browser.scripting.executeScript({
      target: { tabId },
      // Without it the browser waits for the page to finish loading (document_idle): on a page
      // that trickles its body that is minutes, with the button on "Saving…". Chrome MV3 and
      // Firefox (102+) both run the function on the DOM parsed so far.
      injectImmediately: true,
      func: (max: number) => {
        const html = document.documentElement.outerHTML;
        return {
          url: location.href,
          html: html.length > max ? '' : html,
          length: html.length,
          loading: document.readyState === 'loading',
        };
      },
      args: [MAX_TAB_HTML_CHARS],
    });
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), READ_TAB_TIMEOUT_MS);
    });
    const settled = await Promise.race([injected, timeout]);
    if (settled === 'timeout') return fail('timeout', 'the page did not hand over its content');
    const value = settled[0]?.result as
      { url: string; html: string; length: number; loading: boolean } | undefined;
    if (!value) return fail('script-failed', 'no result');
    if (!/^https?:\/\//i.test(value.url)) return fail('no-tab', value.url.slice(0, 100));
    if (!value.html) return fail('too-large', `${value.length} characters`);
    return { ok: true, html: value.html, url: value.url, stillLoading: value.loading };
  } catch (error) {
    return fail('script-failed', String(error).slice(0, 200));
  } finally {
    clearTimeout(timer);
  }
}
