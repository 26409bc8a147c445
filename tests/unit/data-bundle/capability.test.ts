import { beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  DATA_BUNDLE_ALARM,
  endpointsOnItsOwn,
  refreshDataBundleNow,
  dataBundleRefreshMinutes,
} from '../../../lib/data-bundle/capability';
import { ensurePeriodicAlarm } from '../../../lib/background/capability';
import type { Settings } from '../../../lib/settings';
import { migrateSettings } from '../../../lib/settings/migrate';

const ENDPOINTS = ['https://a.example/vantage-data.json', 'https://b.example/vantage-data.json'];
const at = (choice: 'none' | 'now' | 'schedule' | 'manual') =>
  migrateSettings({ consent: { choice, at: 1 }, dataBundleEndpoints: ENDPOINTS });

describe('the daily data-bundle refresh follows consent', () => {
  beforeEach(() => fakeBrowser.reset());

  it('asks the endpoints on its own only with "on a schedule"', () => {
    expect(endpointsOnItsOwn(at('schedule'))).toEqual(ENDPOINTS);
    for (const choice of ['none', 'now', 'manual'] as const)
      expect(endpointsOnItsOwn(at(choice))).toEqual([]);
  });

  // As the router keeps it (lib/background/router.ts): the period the capability declares.
  const schedule = (settings: Settings) =>
    ensurePeriodicAlarm(browser, DATA_BUNDLE_ALARM, dataBundleRefreshMinutes(settings), 30);

  it('keeps one daily alarm while allowed, none once not', async () => {
    await schedule(at('schedule'));
    await schedule(at('schedule'));
    const alarms = (await browser.alarms.getAll()).filter((a) => a.name === DATA_BUNDLE_ALARM);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]!.periodInMinutes).toBe(24 * 60);
    await schedule(at('manual'));
    expect(await browser.alarms.get(DATA_BUNDLE_ALARM)).toBeUndefined();
  });

  it('asks nobody with no endpoint configured (the default)', async () => {
    expect(migrateSettings({}).dataBundleEndpoints).toEqual([]);
    expect(await refreshDataBundleNow(browser)).toMatchObject({ outcome: 'no-endpoints', attempts: [] });
  });
});

describe('stored endpoints', () => {
  it('drops plain-http and duplicate addresses, keeps an https onion gateway', () => {
    const settings = migrateSettings({
      dataBundleEndpoints: [
        'http://a.example/x.json',
        'https://b.example/x.json',
        'https://b.example/x.json',
        'https://vantagexxx.onion.ly/x.json',
        42,
      ],
    });
    expect(settings.dataBundleEndpoints).toEqual([
      'https://b.example/x.json',
      'https://vantagexxx.onion.ly/x.json',
    ]);
  });
});

describe('two refreshes at once', () => {
  beforeEach(() => fakeBrowser.reset());

  it('the second joins the first instead of racing it', async () => {
    const first = refreshDataBundleNow(browser);
    const second = refreshDataBundleNow(browser);
    expect(second).toBe(first);
    await first;
    const third = refreshDataBundleNow(browser);
    expect(third).not.toBe(first);
    await third;
  });
});
