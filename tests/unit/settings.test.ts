import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, loadSettings, migrateSettings, saveSettings } from '../../lib/settings';

describe('settings', () => {
  beforeEach(() => fakeBrowser.reset());

  it('gives the defaults when nothing is stored', async () => {
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps contribution off by default', () => {
    expect(DEFAULT_SETTINGS.contribute.enabled).toBe(false);
  });

  it('saves a change and reads it back', async () => {
    await saveSettings({ language: 'kk', scheduleMinutes: 60 });
    const settings = await loadSettings();
    expect(settings.language).toBe('kk');
    expect(settings.scheduleMinutes).toBe(60);
    expect(settings.packId).toBe(DEFAULT_SETTINGS.packId);
  });

  it('replaces wrong-typed or out-of-range values with defaults instead of failing', () => {
    const settings = migrateSettings({
      language: 'de',
      scheduleMinutes: -5,
      dohResolvers: ['javascript:alert(1)', 'https://doh.example/dns-query', 7],
      ooniApiBase: 'not a url',
      contribute: { enabled: 'yes' },
      unknownKey: 1,
    });
    expect(settings.language).toBe('auto');
    expect(settings.scheduleMinutes).toBe(DEFAULT_SETTINGS.scheduleMinutes);
    expect(settings.dohResolvers).toEqual(['https://doh.example/dns-query']);
    expect(settings.ooniApiBase).toBe(DEFAULT_SETTINGS.ooniApiBase);
    expect(settings.contribute.enabled).toBe(false);
    expect(settings).not.toHaveProperty('unknownKey');
  });

  it('applies migration steps from the stored version to the current one, in order', () => {
    const seen: number[] = [];
    const settings = migrateSettings(
      { schemaVersion: 1, interval: 45 },
      {
        2: (raw) => {
          seen.push(2);
          return { ...raw, scheduleMinutes: raw.interval };
        },
        3: (raw) => {
          seen.push(3);
          return { ...raw, language: 'ru' };
        },
      },
      3,
    );
    expect(seen).toEqual([2, 3]);
    expect(settings.scheduleMinutes).toBe(45);
    expect(settings.language).toBe('ru');
    expect(settings.schemaVersion).toBe(3);
  });
});
