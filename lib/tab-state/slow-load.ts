import type { WxtBrowser as Browser } from 'wxt/browser';

/**
 * A page whose server has not answered after this long is diagnosed while the user waits: a site
 * that never answers then gets its verdict in about one request timeout after it, instead of
 * after the browser's own 30 s failure plus a diagnosis. Most pages answer well within it.
 */
export const SLOW_LOAD_MS = 8_000;

type RequestDetails = { requestId: string; tabId: number; url: string };
type RedirectDetails = RequestDetails & { redirectUrl: string };
type Listen<T> = { addListener(listener: (details: T) => void, filter: object): void };
interface MainFrameEvents {
  onBeforeRequest: Listen<RequestDetails>;
  onBeforeRedirect: Listen<RedirectDetails>;
  onResponseStarted: Listen<RequestDetails>;
  onErrorOccurred: Listen<RequestDetails>;
}

/**
 * Call `slow(url)` for a tab's main-frame request that has had no response for SLOW_LOAD_MS.
 * Only the server's first answer counts (onResponseStarted): a heavy page that is arriving is
 * not slow. A failure ends the wait (the failed-page diagnosis takes over).
 */
export function watchSlowLoads(browser: Browser, slow: (url: string) => void): void {
  const events = browser.webRequest as unknown as MainFrameEvents;
  const waiting = new Map<string, { url: string; timer: ReturnType<typeof setTimeout> }>();
  const filter = { urls: ['http://*/*', 'https://*/*'], types: ['main_frame'] };
  const stop = ({ requestId }: { requestId: string }) => {
    clearTimeout(waiting.get(requestId)?.timer);
    waiting.delete(requestId);
  };
  events.onBeforeRequest.addListener((details) => {
    if (details.tabId < 0) return;
    stop(details);
    const timer = setTimeout(() => {
      const entry = waiting.get(details.requestId);
      waiting.delete(details.requestId);
      if (entry) slow(entry.url);
    }, SLOW_LOAD_MS);
    waiting.set(details.requestId, { url: details.url, timer });
  }, filter);
  // A redirect continues the same request: the site now waited for is the new one.
  events.onBeforeRedirect.addListener((details) => {
    const entry = waiting.get(details.requestId);
    if (entry) entry.url = details.redirectUrl;
  }, filter);
  events.onResponseStarted.addListener(stop, filter);
  events.onErrorOccurred.addListener(stop, filter);
}
