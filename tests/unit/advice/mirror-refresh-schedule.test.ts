import { beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { MIRRORS_ALARM, mirrorRefreshMinutes, refreshMirrorsNow } from '../../../lib/advice/capability';
import { ensurePeriodicAlarm } from '../../../lib/background/capability';
import { DEFAULT_SETTINGS, type Settings } from '../../../lib/settings';

const withUrl = (mirrorsUrl: string, choice: Settings['consent']['choice'] = 'schedule') => ({
  ...DEFAULT_SETTINGS,
  consent: { choice, at: 1 },
  advice: { ...DEFAULT_SETTINGS.advice, mirrorsUrl },
});
const schedule = (settings: Settings) =>
  ensurePeriodicAlarm(browser, MIRRORS_ALARM, mirrorRefreshMinutes(settings), 60);

describe('the weekly mirror-list refresh', () => {
  beforeEach(() => fakeBrowser.reset());

  it('schedules one weekly alarm once a list URL is configured', async () => {
    await schedule(withUrl('https://lists.example/m.json'));
    await schedule(withUrl('https://lists.example/m.json'));
    const alarms = (await browser.alarms.getAll()).filter((a) => a.name === MIRRORS_ALARM);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]!.periodInMinutes).toBe(7 * 24 * 60);
  });

  it('removes the alarm when the URL is cleared', async () => {
    await schedule(withUrl('https://lists.example/m.json'));
    await schedule(withUrl(''));
    expect(await browser.alarms.get(MIRRORS_ALARM)).toBeUndefined();
  });

  it('has no alarm unless Vantage may fetch on its own clock', async () => {
    await schedule(withUrl('https://lists.example/m.json', 'manual'));
    expect(await browser.alarms.get(MIRRORS_ALARM)).toBeUndefined();
  });

  it('fetches nothing when no URL is configured', async () => {
    expect(await refreshMirrorsNow(browser)).toMatchObject({ ok: false, reason: 'no-url' });
  });
});
