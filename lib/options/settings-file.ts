import type { Translate } from '../i18n';
import type { EndpointSuggestion, PresetImport, PresetRefusal } from '../settings';

/**
 * The exported file's name: the date tells two exports apart, and nothing in it says more than
 * "Vantage settings" to whoever looks at the downloads folder.
 */
export function settingsFileName(now: Date = new Date()): string {
  return `vantage-settings-${now.toISOString().slice(0, 10)}.json`;
}

type ImportedPreset = Extract<PresetImport, { ok: true }>;

/** Each setting a file can touch, named as the options page names it (never the key). */
const SETTING_LABEL: Record<string, string> = {
  language: 'optionsPresetKeyLanguage',
  packId: 'optionsPresetKeyPack',
  customTargets: 'optionsPresetKeySites',
  removedTargetIds: 'optionsPresetKeyRemoved',
  categoryOverrides: 'takeawayPresetKeyCategories',
  scheduleMinutes: 'optionsPresetKeySchedule',
  dohResolvers: 'optionsPresetKeyResolvers',
  ooniApiBase: 'optionsPresetKeyApi',
  collectorBase: 'optionsPresetKeyCollector',
  captiveCheckUrl: 'optionsPresetKeyCaptive',
  requestTimeoutMs: 'optionsPresetKeyTimeout',
  concurrency: 'optionsPresetKeyConcurrency',
  retentionDays: 'optionsPresetKeyRetention',
  'library.budgetMb': 'optionsPresetKeyLibraryBudget',
  'library.refreshMinutes': 'optionsPresetKeyLibraryRefresh',
  'advice.mirrorsUrl': 'optionsPresetKeyMirrors',
};

const LANGUAGE_NAME: Record<string, string> = {
  auto: 'optionsPresetLangAuto',
  en: 'optionsPresetLangEn',
  ru: 'optionsPresetLangRu',
  kk: 'optionsPresetLangKk',
};

const PACK_NAME: Record<string, string> = {
  kz: 'optionsPackKz',
  ru: 'optionsPackRu',
  by: 'optionsPackBy',
  global: 'optionsPackGlobal',
  none: 'optionsPackNone',
};

/**
 * What an import did, in the user's language, one sentence a line: each changed setting with its
 * old and new value, the sites added and kept, and everything the file asked for that was not
 * done, with the reason. Internal key names never appear.
 */
export function importReportLines(result: ImportedPreset, t: Translate): string[] {
  const lines: string[] = [];
  for (const change of result.changes) {
    lines.push(
      t(
        'optionsPresetChanged',
        label(t, change.key),
        value(t, change.key, change.from),
        value(t, change.key, change.to),
      ),
    );
  }
  const sites = result.targets;
  if (sites?.mode === 'replace')
    lines.push(t('optionsPresetSitesReplaced', sites.added + sites.kept, sites.kept, sites.removed));
  else if (sites) lines.push(t('optionsPresetSitesAdded', sites.added, sites.kept));
  if (sites && sites.skipped > 0) lines.push(t('optionsPresetSitesSkipped', sites.skipped));
  if (lines.length === 0) lines.push(t('optionsPresetNothingChanged'));
  return [...lines, ...refusalLines(result.refused, t, result.settings.customTargets.length)];
}

function refusalLines(refused: readonly PresetRefusal[], t: Translate, sitesKept: number): string[] {
  const lines: string[] = [];
  let unknown = 0;
  for (const { key, reason } of refused) {
    if (reason === 'unknown') unknown++;
    else if (reason === 'user-only')
      lines.push(t(key === 'contribute' ? 'optionsPresetIgnoredContribute' : 'optionsPresetIgnoredConsent'));
    else if (key === 'collectorBase') lines.push(t('optionsPresetIgnoredCollector'));
    else if (key === 'ooniApiBase') lines.push(t('optionsPresetIgnoredApi'));
    else if (key === 'customTargets') lines.push(t('optionsPresetIgnoredSites', sitesKept));
    else if (reason === 'not-https') lines.push(t('optionsPresetIgnoredNotHttps', label(t, key)));
    else lines.push(t('optionsPresetIgnoredInvalid', label(t, key)));
  }
  if (unknown > 0) lines.push(t('optionsPresetIgnoredUnknown', unknown));
  return lines;
}

/** "This file suggests sending contributions to api.example" — the host is what the user judges. */
export function suggestionText(suggestion: EndpointSuggestion, t: Translate): string {
  const host = hostOrUrl(suggestion.url);
  if (suggestion.key === 'dataBundleEndpoints') return t('dataBundleSuggest', host);
  return suggestion.key === 'collectorBase'
    ? t('optionsPresetSuggestCollector', host)
    : t('optionsPresetSuggestApi', host);
}

function label(t: Translate, key: string): string {
  const message = SETTING_LABEL[key];
  return message ? t(message) : t('optionsPresetKeyOther');
}

function value(t: Translate, key: string, raw: unknown): string {
  if (key === 'language' && typeof raw === 'string') return t(LANGUAGE_NAME[raw] ?? 'optionsPresetLangAuto');
  if (key === 'packId' && typeof raw === 'string') return PACK_NAME[raw] ? t(PACK_NAME[raw]) : raw;
  if (key === 'removedTargetIds' && Array.isArray(raw)) return t('optionsPresetCount', raw.length);
  if (key === 'categoryOverrides' && raw && typeof raw === 'object')
    return t('optionsPresetCount', Object.keys(raw).length);
  if (key === 'advice.mirrorsUrl' && raw === '') return t('optionsPresetMirrorsOff');
  if (Array.isArray(raw)) return raw.map((item) => hostOrUrl(String(item))).join(', ');
  return String(raw);
}

function hostOrUrl(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}
