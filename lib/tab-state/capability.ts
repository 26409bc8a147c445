import type { WxtBrowser as Browser } from 'wxt/browser';
import type { Capability } from '../background';
import { diagnosingSites } from '../engine';
import { engineStatus } from '../engine';
import { paintTabs } from './toolbar';
import { watchSlowLoads } from './slow-load';

/**
 * The open tab's state on the toolbar (badge + tooltip, per tab), and the diagnosis of a page
 * still loading after a few seconds. Painting reads only what is on the device; the diagnosis
 * goes through the engine's one site diagnosis (its switch, once a minute per site).
 */
export function createTabStateCapability(
  browser: Browser,
  deps: { diagnoseSite(url: string): Promise<void> },
): Capability & { repaint(): void } {
  let painting = Promise.resolve();
  // While "wipe everything" runs, nothing is painted: a paint that read the settings before they
  // were removed would open (so re-create) the database the wipe has just deleted. The wipe ends
  // by removing the settings; that change lets painting resume, with nothing left to look up.
  let wiping = false;
  // One paint at a time, in order: a late paint of an old state must not win over a newer one.
  const paint = (tabs: Parameters<typeof paintTabs>[1]) => {
    if (wiping) return;
    painting = painting.then(() => (wiping ? undefined : paintTabs(browser, tabs))).catch(() => undefined);
  };
  const repaint = () => {
    void browser.tabs.query({}).then(paint);
  };

  browser.tabs.onActivated.addListener(({ tabId }) => {
    void browser.tabs.get(tabId).then(
      (tab) => paint([tab]),
      () => undefined,
    );
  });
  browser.tabs.onUpdated.addListener((_tabId, change, tab) => {
    if (change.url !== undefined || change.status !== undefined) paint([tab]);
  });
  // A diagnosis began or ended, a run closed, the settings changed (discreet, language, consent,
  // a wipe): every tab's state may have changed.
  diagnosingSites.watch(repaint);
  // Not on every step of a run's progress: only when a run closes (the connection may change).
  engineStatus.watch((now, before) => {
    if (now?.lastRun?.finishedAt !== before?.lastRun?.finishedAt) repaint();
  });
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !('settings' in changes)) return;
    wiping = false;
    repaint();
  });
  watchSlowLoads(browser, (url) => void deps.diagnoseSite(url));

  return {
    name: 'tab-state',
    repaint,
    async halt() {
      wiping = true;
      await painting;
    },
  };
}
