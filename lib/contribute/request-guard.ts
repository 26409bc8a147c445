import type { WxtBrowser as Browser } from 'wxt/browser';

/**
 * No per-install identifier on the way to OONI. Firefox gives every installation a
 * random extension UUID and puts it in `Origin: moz-extension://<uuid>` on the extension's POSTs:
 * sent to the check-in and the collector, it would link every report of one installation across
 * networks and years. Firefox lets a blocking onBeforeSendHeaders listener remove it (the request
 * headers it shows are the ones sent, Origin included). Chrome MV3 has no blocking webRequest; its
 * `Origin: chrome-extension://<id>` carries the extension's public id, the same for every install
 * of the store build (docs/contribute.md).
 */

/** Headers that say who is asking rather than what is asked: never sent to OONI. */
const WHO = new Set(['origin', 'referer', 'cookie']);

export interface HeaderLike {
  name: string;
  value?: string;
}

/**
 * The request headers without any that names the installation: Origin, Referer, Cookie, and any
 * other whose value carries the extension's own origin or id.
 */
export function withoutInstallIdentifiers<T extends HeaderLike>(
  headers: readonly T[],
  extensionOrigin: string,
): T[] {
  const id = extensionOrigin
    .replace(/^[a-z-]+:\/\//, '')
    .replace(/\/$/, '')
    .toLowerCase();
  return headers.filter(
    (h) => !WHO.has(h.name.toLowerCase()) && !(id && (h.value ?? '').toLowerCase().includes(id)),
  );
}

/** Match patterns for the origins contribution talks to (match patterns take no port). */
export function contributionPatterns(bases: readonly string[]): string[] {
  const patterns = new Set<string>();
  for (const base of bases) {
    try {
      const url = new URL(base);
      if (url.protocol === 'https:' || url.protocol === 'http:')
        patterns.add(`${url.protocol}//${url.hostname}/*`);
    } catch {
      // A malformed base is refused by settings validation; nothing to guard.
    }
  }
  return [...patterns];
}

type BeforeSendHeaders = Parameters<Browser['webRequest']['onBeforeSendHeaders']['addListener']>[0];

/**
 * Where the browser allows it (Firefox: webRequestBlocking), strip install identifiers from the
 * extension's own requests to the check-in and collector. Returns a function to point the guard
 * at new origins (settings changed); resolves once the listener is in place, so no contribution
 * request is made before it.
 */
export function guardContributionRequests(browser: Browser) {
  const blocking = browser.runtime.getManifest().permissions?.includes('webRequestBlocking') ?? false;
  const extensionOrigin = browser.runtime.getURL('/');
  let listener: BeforeSendHeaders | undefined;
  return {
    blocking,
    watch(bases: readonly string[]) {
      if (!blocking) return;
      if (listener) browser.webRequest.onBeforeSendHeaders.removeListener(listener);
      const urls = contributionPatterns(bases);
      if (urls.length === 0) return;
      listener = (details) => {
        const from = (details as { originUrl?: string }).originUrl ?? '';
        // Only the extension's own requests (the background, no tab); a page's are not ours.
        if (details.tabId !== -1 || !from.startsWith(extensionOrigin) || !details.requestHeaders) return {};
        return { requestHeaders: withoutInstallIdentifiers(details.requestHeaders, extensionOrigin) };
      };
      browser.webRequest.onBeforeSendHeaders.addListener(listener, { urls }, ['blocking', 'requestHeaders']);
    },
  };
}
