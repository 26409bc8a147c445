import type { WxtBrowser as Browser } from 'wxt/browser';
import { diagnosesFailedPages, loadSettings } from '../settings';
import { isSpecialUseUrl } from '../targets';
import { diagnosingSites } from './diagnosing';
import { isDiagnosableNavigationError } from './triggers';

/** A site that keeps failing is diagnosed at most once a minute (each diagnosis is a small run). */
const SAME_ORIGIN_MS = 60_000;

/**
 * Diagnose a site the user is trying to open (a page that failed, or one still loading after a
 * few seconds): only with the failed-page switch on (first-run page), never a local, private or
 * onion address, at most once a minute per site — whichever of the two asked first. While it
 * runs, the site is listed in `diagnosingSites`, so the popup and the toolbar say "checking…".
 */
export function createSiteDiagnosis(
  check: (url: string) => Promise<unknown>,
): (url: string) => Promise<void> {
  const recentlyDiagnosed = new Map<string, number>();
  // This worker is the only writer: the whole list is written from here, never read back.
  const inFlight = new Map<string, number>();
  const publish = () => diagnosingSites.setValue(Object.fromEntries(inFlight));
  return async (url) => {
    if (!/^https?:/.test(url) || isSpecialUseUrl(url)) return;
    if (!diagnosesFailedPages(await loadSettings())) return;
    const origin = new URL(url).origin;
    if (Date.now() - (recentlyDiagnosed.get(origin) ?? 0) < SAME_ORIGIN_MS) return;
    recentlyDiagnosed.set(origin, Date.now());
    inFlight.set(origin, Date.now());
    await publish();
    try {
      await check(url);
    } finally {
      inFlight.delete(origin);
      await publish();
    }
  };
}

/** Diagnose the page the user just failed to open (isDiagnosableNavigationError). */
export function diagnoseFailedNavigations(browser: Browser, diagnose: (url: string) => Promise<void>): void {
  browser.webRequest.onErrorOccurred.addListener(
    (details) => {
      if (!isDiagnosableNavigationError(details.error, details.url)) return;
      void diagnose(details.url);
    },
    { urls: ['http://*/*', 'https://*/*'], types: ['main_frame'] },
  );
}
