import type { WxtBrowser as Browser } from 'wxt/browser';
import { diagnosesFailedPages, loadSettings } from '../settings';
import { isDiagnosableNavigationError } from './triggers';

/** A site that keeps failing is diagnosed at most once a minute (each diagnosis is a small run). */
const SAME_ORIGIN_MS = 60_000;

/**
 * Diagnose the page the user just failed to open — only with its own switch on (first-run page),
 * never a local or private address (isDiagnosableNavigationError).
 */
export function diagnoseFailedNavigations(browser: Browser, diagnose: (url: string) => unknown): void {
  const recentlyDiagnosed = new Map<string, number>();
  browser.webRequest.onErrorOccurred.addListener(
    (details) => {
      if (!isDiagnosableNavigationError(details.error, details.url)) return;
      void loadSettings().then((settings) => {
        if (!diagnosesFailedPages(settings)) return;
        const origin = new URL(details.url).origin;
        if (Date.now() - (recentlyDiagnosed.get(origin) ?? 0) < SAME_ORIGIN_MS) return;
        recentlyDiagnosed.set(origin, Date.now());
        void diagnose(details.url);
      });
    },
    { urls: ['http://*/*', 'https://*/*'], types: ['main_frame'] },
  );
}
