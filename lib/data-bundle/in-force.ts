import type { WxtBrowser as Browser } from 'wxt/browser';
import { setAdviceFacts, type KeyValueStore } from '../advice';
import { setBundlePacks } from '../targets';
import type { InstalledBundle } from './format';
import { DATA_BUNDLE_KEY, loadInstalledBundle } from './store';

/**
 * The installed bundle's target packs and advice facts, put in force in this page or worker.
 * lib/targets' getPack and lib/advice's rules stay synchronous for their many callers; what they
 * read is held in memory, set here when a context starts (the worker, the popup, the options
 * page) and again whenever the installed bundle changes — a refresh, or a wipe that removes it.
 */
let applied: string | undefined;

export function putBundleInForce(bundle: InstalledBundle | undefined): void {
  // A bundle is identified by its version and when it was taken (as fingerprintsInForce does).
  const key = bundle ? `${bundle.version}@${bundle.installedAt}` : 'none';
  if (key === applied) return;
  applied = key;
  setBundlePacks(bundle?.packs);
  setAdviceFacts(bundle?.advice);
}

/** Read the installed bundle and put it in force; never rejects (the shipped data stays in force). */
export async function loadBundleInForce(store: KeyValueStore): Promise<void> {
  try {
    putBundleInForce(await loadInstalledBundle(store));
  } catch {
    // Storage unreadable: the shipped packs and facts are what this context has.
  }
}

/** Keep this context's packs and facts following the installed bundle; `then` after each change. */
export function followInstalledBundle(browser: Browser, then?: () => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && DATA_BUNDLE_KEY in changes) {
      void loadBundleInForce(browser.storage.local).then(() => then?.());
    }
  });
}
