import type { WxtBrowser as Browser } from 'wxt/browser';
import { loadSettings, refreshesOnItsOwn, type Settings } from '../settings';
import { parsePinnedKeys, PINNED_KEYS_ASSET } from './keys';
import { refreshBundle, type BundleRefresh } from './refresh';

/** The background's side of the data bundle: a daily refresh while endpoints are configured. */
export const DATA_BUNDLE_ALARM = 'vantage-data-bundle';
const DAY_MINUTES = 24 * 60;

let inFlight: Promise<BundleRefresh> | undefined;

/**
 * Ask the endpoints now. A refresh already running (the alarm and the button at once) is joined,
 * so two never race to store: a slower one holding an older bundle cannot overwrite a newer one.
 */
export function refreshDataBundleNow(browser: Browser): Promise<BundleRefresh> {
  inFlight ??= refreshOnce(browser).finally(() => (inFlight = undefined));
  return inFlight;
}

async function refreshOnce(browser: Browser): Promise<BundleRefresh> {
  const { dataBundleEndpoints } = await loadSettings();
  const keysText = await fetch(browser.runtime.getURL(PINNED_KEYS_ASSET))
    .then((response) => response.text())
    .catch(() => '');
  return refreshBundle({
    endpoints: dataBundleEndpoints,
    pinnedKeys: parsePinnedKeys(keysText),
    store: browser.storage.local,
  });
}

/** The endpoints the daily alarm may ask: none unless the user chose "on a schedule" (issue #12). */
export function endpointsOnItsOwn(settings: Pick<Settings, 'consent' | 'dataBundleEndpoints'>): string[] {
  return refreshesOnItsOwn(settings) ? settings.dataBundleEndpoints : [];
}

/**
 * One daily alarm while the user lets Vantage fetch on its own (consent "on a schedule",
 * refreshesOnItsOwn) and endpoints are set; none otherwise. The caller passes endpointsOnItsOwn(settings).
 */
export async function scheduleDataBundleRefresh(
  browser: Browser,
  endpoints: readonly string[],
): Promise<void> {
  const existing = await browser.alarms.get(DATA_BUNDLE_ALARM);
  if (endpoints.length === 0) {
    if (existing) await browser.alarms.clear(DATA_BUNDLE_ALARM);
    return;
  }
  if (!existing)
    browser.alarms.create(DATA_BUNDLE_ALARM, { periodInMinutes: DAY_MINUTES, delayInMinutes: 30 });
}
