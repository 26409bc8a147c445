import type { WxtBrowser as Browser } from 'wxt/browser';
import { fail, type LibraryFailure } from './failure';

/**
 * "Keep offline": take the tab's rendered DOM — what the user sees, after the page's scripts
 * built it, behind any login — serialized in the page by browser.scripting under activeTab.
 * Readability and DOMPurify then run in our own DOM (offscreen / event page), not in the page,
 * so the page's scripts cannot tamper with the extraction or the sanitizer.
 */
const MAX_TAB_HTML_CHARS = 8 * 1024 * 1024;

export async function readTab(
  browser: Browser,
  tabId: number,
): Promise<{ ok: true; html: string; url: string } | LibraryFailure> {
  try {
    const [result] = await browser.scripting.executeScript({
      target: { tabId },
      func: (max: number) => {
        const html = document.documentElement.outerHTML;
        return { url: location.href, html: html.length > max ? '' : html, length: html.length };
      },
      args: [MAX_TAB_HTML_CHARS],
    });
    const value = result?.result as { url: string; html: string; length: number } | undefined;
    if (!value) return fail('script-failed', 'no result');
    if (!/^https?:\/\//i.test(value.url)) return fail('no-tab', value.url.slice(0, 100));
    if (!value.html) return fail('too-large', `${value.length} characters`);
    return { ok: true, html: value.html, url: value.url };
  } catch (error) {
    return fail('script-failed', String(error).slice(0, 200));
  }
}
