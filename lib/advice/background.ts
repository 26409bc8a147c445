import type { WxtBrowser as Browser } from 'wxt/browser';
import { loadSettings } from '../settings';
import { refreshMirrors, type RefreshResult } from './mirror-store';

/** The background's side of the mirror list: a weekly refresh while a URL is configured. */
export const MIRRORS_ALARM = 'vantage-advice-mirrors';
const WEEK_MINUTES = 7 * 24 * 60;

export async function refreshMirrorsNow(browser: Browser): Promise<RefreshResult> {
  const { advice } = await loadSettings();
  return refreshMirrors(advice.mirrorsUrl, browser.storage.local);
}

/** Keep exactly one weekly alarm while a URL is set, none otherwise; never reset a running one. */
export async function scheduleMirrorRefresh(browser: Browser, mirrorsUrl: string): Promise<void> {
  const existing = await browser.alarms.get(MIRRORS_ALARM);
  if (!mirrorsUrl) {
    if (existing) await browser.alarms.clear(MIRRORS_ALARM);
    return;
  }
  if (!existing) browser.alarms.create(MIRRORS_ALARM, { periodInMinutes: WEEK_MINUTES, delayInMinutes: 60 });
}
