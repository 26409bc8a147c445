import { migrateSettings } from './migrate';
import { SETTINGS_VERSION, type Settings } from './schema';

/**
 * The settings file a digital-rights group hands out (and tests use to point everything at
 * the lab). Schema: docs/settings.md. Import is strict about the envelope and forgiving about
 * fields: unknown keys are dropped and bad values fall back to defaults, each reported.
 */
export const PRESET_FORMAT = 'vantage-settings';
const MAX_PRESET_BYTES = 1024 * 1024;

export interface PresetFile {
  format: typeof PRESET_FORMAT;
  version: number;
  exportedAt: string;
  /** The user's own answers (consent, diagnosis) are not part of a file: importing never sets them. */
  settings: Omit<Settings, 'schemaVersion' | 'consent' | 'diagnoseFailedPages'>;
}

export function exportPreset(settings: Settings, now = new Date()): string {
  const { schemaVersion: _version, consent: _consent, diagnoseFailedPages: _diagnose, ...rest } = settings;
  const file: PresetFile = {
    format: PRESET_FORMAT,
    version: SETTINGS_VERSION,
    exportedAt: now.toISOString(),
    settings: rest,
  };
  return JSON.stringify(file, null, 2);
}

export type PresetImport =
  | { ok: true; settings: Settings; ignored: string[] }
  | { ok: false; reason: 'too-large' | 'not-json' | 'not-a-preset' | 'newer-version'; detail: string };

export function importPreset(text: string, current: Settings): PresetImport {
  if (text.length > MAX_PRESET_BYTES)
    return { ok: false, reason: 'too-large', detail: `${text.length} bytes` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: 'not-json', detail: String(error) };
  }
  const file = parsed as Partial<PresetFile> | null;
  if (!file || file.format !== PRESET_FORMAT || typeof file.settings !== 'object' || file.settings === null) {
    return {
      ok: false,
      reason: 'not-a-preset',
      detail: 'missing "format": "vantage-settings" or "settings"',
    };
  }
  const version = typeof file.version === 'number' ? file.version : SETTINGS_VERSION;
  if (version > SETTINGS_VERSION) {
    return {
      ok: false,
      reason: 'newer-version',
      detail: `file version ${version}, this Vantage reads ${SETTINGS_VERSION}`,
    };
  }
  const incoming = file.settings as Record<string, unknown>;
  const merged = migrateSettings({ ...current, ...incoming, schemaVersion: version });
  // Consent to contribute is the user's alone, given after reading what is sent (the options
  // panel): a settings file may set everything else, never turn sending on (issue #6).
  merged.contribute.enabled = current.contribute.enabled;
  // Likewise whether and when Vantage may contact anything at all, and whether it diagnoses the
  // pages the user fails to open: the first-run page's questions, answered by the user (issue #12).
  merged.consent = current.consent;
  merged.diagnoseFailedPages = current.diagnoseFailedPages;
  const ignored = Object.keys(incoming).filter((key) => {
    if (!(key in merged)) return true;
    return JSON.stringify(incoming[key]) !== JSON.stringify(merged[key as keyof Settings]);
  });
  return { ok: true, settings: merged, ignored };
}
