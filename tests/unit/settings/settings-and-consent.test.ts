import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  checksAtOnce,
  consentChange,
  contactedServices,
  DEFAULT_SETTINGS,
  diagnosesFailedPages,
  exportPreset,
  hasConsented,
  importPreset,
  isConsentRequest,
  loadSettings,
  migrateSettings,
  saveSettings,
  refreshesOnItsOwn,
  scheduledCheckMinutes,
  type Settings,
  updateSettings,
} from '../../../lib/settings';

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

  it('keeps both of two saves made at once (each reads what the one before it wrote)', async () => {
    // The options page commits one field, then the next, without waiting: each save reads the
    // settings, changes its field and writes them back. Overlapping, the second read the first's
    // stale copy and wrote the old value back, so one change was lost (seen in the e2e suite).
    await Promise.all([
      saveSettings({ requestTimeoutMs: 30_000 }),
      saveSettings({ concurrency: 8 }),
      saveSettings({ retentionDays: 7 }),
    ]);
    expect(await loadSettings()).toMatchObject({
      requestTimeoutMs: 30_000,
      concurrency: 8,
      retentionDays: 7,
    });
  });

  it('reads a settings file against the settings of its own turn, so a field saved meanwhile stays', async () => {
    const file = JSON.stringify({ format: 'vantage-settings', version: 1, settings: { retentionDays: 9 } });
    await Promise.all([
      saveSettings({ concurrency: 8 }),
      updateSettings((current) => {
        const result = importPreset(file, current);
        return result.ok ? result.settings : undefined;
      }),
    ]);
    expect(await loadSettings()).toMatchObject({ concurrency: 8, retentionDays: 9 });
  });

  it('writes nothing when an update has no change', async () => {
    let writes = 0;
    fakeBrowser.storage.onChanged.addListener(() => writes++);
    expect(await updateSettings(() => undefined)).toEqual(DEFAULT_SETTINGS);
    expect(writes).toBe(0);
  });

  it('keeps saving after a save fails', async () => {
    const set = fakeBrowser.storage.local.set;
    fakeBrowser.storage.local.set = () => Promise.reject(new Error('QUOTA_BYTES quota exceeded'));
    await expect(saveSettings({ concurrency: 8 })).rejects.toThrow(/quota/);
    fakeBrowser.storage.local.set = set;
    await saveSettings({ concurrency: 4 });
    expect((await loadSettings()).concurrency).toBe(4);
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

describe('first-run consent', () => {
  beforeEach(() => fakeBrowser.reset());

  it('starts "not asked yet", with failed-page diagnosis off', () => {
    expect(DEFAULT_SETTINGS.consent).toEqual({ choice: 'none', at: 0 });
    expect(DEFAULT_SETTINGS.diagnoseFailedPages).toBe(false);
    expect(hasConsented(DEFAULT_SETTINGS)).toBe(false);
  });

  it('asks an install from before the question again, keeping everything it had', async () => {
    // What version 1 stored before the consent field existed: a user who was never asked.
    const before = {
      schemaVersion: 1,
      language: 'ru',
      scheduleMinutes: 45,
      customTargets: [{ id: 'x', url: 'https://x.example/', name: 'x', category: 'news', source: 'user' }],
      contribute: { enabled: true, includeUserTargets: false },
    };
    await fakeBrowser.storage.local.set({ settings: before });
    const settings = await loadSettings();
    expect(settings.consent.choice).toBe('none');
    expect(settings.diagnoseFailedPages).toBe(false);
    expect(settings.language).toBe('ru');
    expect(settings.scheduleMinutes).toBe(45);
    expect(settings.customTargets.map((t) => t.url)).toEqual(['https://x.example/']);
    expect(settings.contribute.enabled).toBe(true);
    // Not asked yet means no scheduled check, whatever the interval says.
    expect(scheduledCheckMinutes(settings)).toBe(0);
  });

  it('keeps a valid answer and turns a malformed one into "not asked yet"', () => {
    expect(migrateSettings({ consent: { choice: 'schedule', at: 5 } }).consent).toEqual({
      choice: 'schedule',
      at: 5,
    });
    expect(migrateSettings({ consent: { choice: 'always', at: 5 } }).consent).toEqual({
      choice: 'none',
      at: 0,
    });
    expect(migrateSettings({ consent: 'now' }).consent).toEqual({ choice: 'none', at: 0 });
    expect(migrateSettings({ consent: { choice: 'none', at: 9 } }).consent.at).toBe(0);
  });

  it('schedules checks only for "on a schedule", and diagnoses only with its switch on after an answer', () => {
    const at = (choice: Settings['consent']['choice'], diagnoseFailedPages = true) =>
      migrateSettings({ consent: { choice, at: 1 }, scheduleMinutes: 30, diagnoseFailedPages });
    expect(scheduledCheckMinutes(at('schedule'))).toBe(30);
    expect(scheduledCheckMinutes(at('now'))).toBe(0);
    expect(scheduledCheckMinutes(at('manual'))).toBe(0);
    // The library's sources and the mirror list are fetched on Vantage's own clock only then too.
    expect(refreshesOnItsOwn(at('schedule'))).toBe(true);
    expect(refreshesOnItsOwn(at('now'))).toBe(false);
    expect(refreshesOnItsOwn(at('manual'))).toBe(false);
    expect(refreshesOnItsOwn(migrateSettings({}))).toBe(false);
    expect(diagnosesFailedPages(at('manual'))).toBe(true);
    expect(diagnosesFailedPages(at('manual', false))).toBe(false);
    expect(diagnosesFailedPages(at('none'))).toBe(false);
  });

  it('turns an answer into the change to save, and checks at once only for "now" and "schedule"', () => {
    expect(consentChange({ choice: 'schedule', scheduleMinutes: 60, diagnose: false }, 7)).toEqual({
      consent: { choice: 'schedule', at: 7 },
      diagnoseFailedPages: false,
      scheduleMinutes: 60,
    });
    expect(consentChange({ choice: 'manual', scheduleMinutes: 60, diagnose: true }, 7)).toEqual({
      consent: { choice: 'manual', at: 7 },
      diagnoseFailedPages: true,
    });
    expect([checksAtOnce('now'), checksAtOnce('schedule'), checksAtOnce('manual')]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('accepts only well-formed answers', () => {
    expect(isConsentRequest({ choice: 'now', diagnose: false })).toBe(true);
    expect(isConsentRequest({ choice: 'schedule', scheduleMinutes: 30, diagnose: true })).toBe(true);
    expect(isConsentRequest({ choice: 'none', diagnose: false })).toBe(false);
    expect(isConsentRequest({ choice: 'now' })).toBe(false);
    expect(isConsentRequest({ choice: 'schedule', scheduleMinutes: 1.5, diagnose: true })).toBe(false);
    expect(isConsentRequest(null)).toBe(false);
  });

  it('never lets a settings file answer for the user, and never writes the answer into one', () => {
    const current = migrateSettings({});
    const file = JSON.stringify({
      format: 'vantage-settings',
      version: 1,
      settings: { consent: { choice: 'schedule', at: 1 }, diagnoseFailedPages: true, scheduleMinutes: 5 },
    });
    const result = importPreset(file, current);
    if (!result.ok) throw new Error(result.reason);
    expect(result.settings.consent).toEqual({ choice: 'none', at: 0 });
    expect(result.settings.diagnoseFailedPages).toBe(false);
    expect(result.settings.scheduleMinutes).toBe(5);
    expect(result.refused).toEqual(
      expect.arrayContaining([
        { key: 'consent', reason: 'user-only' },
        { key: 'diagnoseFailedPages', reason: 'user-only' },
      ]),
    );

    const answered = migrateSettings({ consent: { choice: 'manual', at: 1 }, diagnoseFailedPages: true });
    const exported = JSON.parse(exportPreset(answered)) as { settings: Record<string, unknown> };
    expect(exported.settings).not.toHaveProperty('consent');
    expect(exported.settings).not.toHaveProperty('diagnoseFailedPages');
  });

  it('names what would be contacted from the settings in force', () => {
    expect(contactedServices(DEFAULT_SETTINGS)).toEqual({
      resolvers: ['cloudflare-dns.com', 'dns.google', 'dns.quad9.net'],
      connectivityCheck: 'connectivitycheck.gstatic.com',
    });
  });
});
