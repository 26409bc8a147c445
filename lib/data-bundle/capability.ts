import type { WxtBrowser as Browser } from 'wxt/browser';
import type { Capability } from '../background';
import { loadSettings, refreshesOnItsOwn, type Settings } from '../settings';
import { followInstalledBundle, loadBundleInForce } from './in-force';
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

/** The daily alarm's period: a day while Vantage may fetch on its own and endpoints are set. */
export function dataBundleRefreshMinutes(
  settings: Pick<Settings, 'consent' | 'dataBundleEndpoints'>,
): number {
  return endpointsOnItsOwn(settings).length > 0 ? DAY_MINUTES : 0;
}

/** The first refresh half an hour after the alarm is set, not at once. */
const FIRST_REFRESH_MINUTES = 30;

export function createDataBundleCapability(browser: Browser): Capability {
  // The bundle's target packs and advice facts, in this worker from its start and after each change.
  followInstalledBundle(browser);
  void loadBundleInForce(browser.storage.local);
  return {
    name: 'data-bundle',
    networkHandlers: {
      dataBundleRefresh: () => refreshDataBundleNow(browser),
    },
    alarms: [
      {
        name: DATA_BUNDLE_ALARM,
        periodMinutes: dataBundleRefreshMinutes,
        firstDelayMinutes: FIRST_REFRESH_MINUTES,
        run: () => refreshDataBundleNow(browser),
      },
    ],
  };
}
