import type { WxtBrowser as Browser } from 'wxt/browser';
import { openDatabase } from '../db';
import { diagnosingSites, isDiagnosing } from '../engine';
import { engineStatus } from '../engine';
import { loadTranslator } from '../i18n';
import { hasConsented, loadSettings } from '../settings';
import { BADGE, tabState, tabTitle, type TabFacts } from './badge';
import { latestForPage } from './latest';

type Tab = { id?: number; url?: string; pendingUrl?: string };

/** The address a tab shows or is loading (a navigation not yet answered has only a pending one). */
function addressOf(tab: Tab): string | undefined {
  return tab.pendingUrl || tab.url || undefined;
}

/**
 * Paint the toolbar button for these tabs: the badge and the tooltip of each tab are its own
 * (setBadgeText/setTitle with tabId), so switching tabs shows each tab's state. The database
 * connection is the one every caller shares (lib/db): never closed here.
 */
export async function paintTabs(browser: Browser, tabs: Tab[]): Promise<void> {
  const shown = tabs.filter((tab): tab is Tab & { id: number } => tab.id !== undefined && tab.id >= 0);
  if (shown.length === 0) return;
  const [settings, status, sites] = await Promise.all([
    loadSettings(),
    engineStatus.getValue(),
    diagnosingSites.getValue(),
  ]);
  const { t } = await loadTranslator(settings.language);
  const consented = hasConsented(settings);
  const last = status.lastRun;
  const connection = last?.connection ? { state: last.connection.state, at: last.finishedAt } : undefined;
  const now = Date.now();
  // Nothing is looked up when nothing may be shown.
  const lookup = !settings.discreetToolbar && consented;
  const db = lookup ? await openDatabase() : undefined;
  for (const tab of shown) {
    const url = addressOf(tab);
    const measurement =
      db && url && /^https?:/.test(url) ? await latestForPage(db, url, settings) : undefined;
    const facts: TabFacts = {
      url,
      discreet: settings.discreetToolbar,
      consented,
      pending: url !== undefined && isDiagnosing(sites, url, now),
      measurement: measurement && {
        blocking: measurement.verdict.blocking,
        confidence: measurement.verdict.confidence,
        time: measurement.time,
      },
      connection,
    };
    const state = tabState(facts);
    const { text, color } = BADGE[state];
    const tabId = tab.id;
    // A tab closed meanwhile refuses; nothing to paint then.
    await Promise.all([
      browser.action.setBadgeText({ tabId, text }),
      browser.action.setBadgeBackgroundColor({ tabId, color }),
      browser.action.setTitle({ tabId, title: tabTitle(t, state, facts) }),
    ]).catch(() => undefined);
  }
}
