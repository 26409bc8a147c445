import type { WxtBrowser as Browser } from 'wxt/browser';
import type { Capability } from '../background';
import { loadSettings, refreshesOnItsOwn, type Settings } from '../settings';
import { refreshMirrors, type RefreshResult } from './mirror-store';

/** The background's side of the mirror list: a weekly refresh while a URL is configured. */
export const MIRRORS_ALARM = 'vantage-advice-mirrors';
const WEEK_MINUTES = 7 * 24 * 60;
/** The first refresh an hour after the alarm is set, not at once. */
const FIRST_REFRESH_MINUTES = 60;

export async function refreshMirrorsNow(browser: Browser): Promise<RefreshResult> {
  const { advice } = await loadSettings();
  return refreshMirrors(advice.mirrorsUrl, browser.storage.local);
}

/** Weekly while a URL is set and Vantage may fetch on its own clock ("on a schedule"); else never. */
export function mirrorRefreshMinutes(settings: Pick<Settings, 'consent' | 'advice'>): number {
  return refreshesOnItsOwn(settings) && settings.advice.mirrorsUrl ? WEEK_MINUTES : 0;
}

export function createAdviceCapability(browser: Browser): Capability {
  return {
    name: 'advice',
    networkHandlers: {
      adviceRefreshMirrors: () => refreshMirrorsNow(browser),
    },
    alarms: [
      {
        name: MIRRORS_ALARM,
        periodMinutes: mirrorRefreshMinutes,
        firstDelayMinutes: FIRST_REFRESH_MINUTES,
        run: () => refreshMirrorsNow(browser),
      },
    ],
  };
}
