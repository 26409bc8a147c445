import { browser } from 'wxt/browser';
import { inTurn } from '../turns';
import { migrateSettings } from './migrate';
import type { Settings } from './schema';

export type { Settings, Language } from './schema';
export { DEFAULT_SETTINGS } from './schema';
export { migrateSettings } from './migrate';

const KEY = 'settings';

export async function loadSettings(): Promise<Settings> {
  const stored = await browser.storage.local.get(KEY);
  return migrateSettings(stored[KEY]);
}

/**
 * Save a change; the result is re-validated, so a bad value falls back to its default. Saves take
 * turns (lib/turns): the options page commits one field, then the next, without waiting, and the
 * background may answer an import meanwhile.
 */
export function saveSettings(change: Partial<Settings>): Promise<Settings> {
  return updateSettings(() => change);
}

/**
 * Save a change computed from the settings as they are now (a settings file is read against the
 * current ones), in the same turn as the write, so no other save lands between the read and the
 * write. No change (undefined) writes nothing.
 */
export function updateSettings(
  change: (current: Settings) => Partial<Settings> | undefined,
): Promise<Settings> {
  return inTurn('settings', async () => {
    const current = await loadSettings();
    const wanted = change(current);
    if (!wanted) return current;
    const next = migrateSettings({ ...current, ...wanted });
    await browser.storage.local.set({ [KEY]: next });
    return next;
  });
}

export function onSettingsChanged(listener: (settings: Settings) => void): () => void {
  const handler = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    // No new value means the settings were removed (wipe everything): nothing to apply. Answering
    // with the defaults would re-create the alarm that the wipe has just cleared.
    if (area === 'local' && changes[KEY] && changes[KEY].newValue != null)
      listener(migrateSettings(changes[KEY].newValue));
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
export {
  acceptEndpointSuggestion,
  exportPreset,
  importPreset,
  type EndpointSuggestion,
  type PackKeySuggestion,
  type PresetImport,
  type PresetRefusal,
  type TargetsMode,
} from './preset-file';
export {
  checksAtOnce,
  consentChange,
  contactedServices,
  CONSENT_ANSWERS,
  diagnosesFailedPages,
  hasConsented,
  isConsentRequest,
  refreshesOnItsOwn,
  scheduledCheckMinutes,
  type ConsentAnswer,
  type ConsentRequest,
} from './consent';
