import { beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { MIRRORS_ALARM, refreshMirrorsNow, scheduleMirrorRefresh } from '../../../lib/advice/background';

describe('the weekly mirror-list refresh', () => {
  beforeEach(() => fakeBrowser.reset());

  it('schedules one weekly alarm once a list URL is configured', async () => {
    await scheduleMirrorRefresh(browser, 'https://lists.example/m.json');
    await scheduleMirrorRefresh(browser, 'https://lists.example/m.json');
    const alarms = (await browser.alarms.getAll()).filter((a) => a.name === MIRRORS_ALARM);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]!.periodInMinutes).toBe(7 * 24 * 60);
  });

  it('removes the alarm when the URL is cleared', async () => {
    await scheduleMirrorRefresh(browser, 'https://lists.example/m.json');
    await scheduleMirrorRefresh(browser, '');
    expect(await browser.alarms.get(MIRRORS_ALARM)).toBeUndefined();
  });

  it('fetches nothing when no URL is configured', async () => {
    expect(await refreshMirrorsNow(browser)).toMatchObject({ ok: false, reason: 'no-url' });
  });
});
