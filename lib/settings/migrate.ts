import { cleanNotes, MAX_TARGETS } from '../targets';
import { CATEGORIES, type Category, type Target } from '../targets/types';
import { DEFAULT_SETTINGS, SETTINGS_VERSION, type Settings } from './schema';

/** A step from version N-1 to N, keyed by N. Steps see raw stored JSON, not typed settings. */
export type SettingsMigration = (raw: Record<string, unknown>) => Record<string, unknown>;

/** Released steps. Never edit one; add the next. */
const SETTINGS_MIGRATIONS: Record<number, SettingsMigration> = {};

/**
 * Bring whatever is stored (nothing, an old version, a hand-edited preset) to the current
 * schema: apply migration steps, then keep only known keys of the right type, filling the
 * rest from defaults. Never throws: bad settings must not stop the extension from measuring.
 */
export function migrateSettings(
  stored: unknown,
  migrations: Record<number, SettingsMigration> = SETTINGS_MIGRATIONS,
  targetVersion: number = SETTINGS_VERSION,
): Settings {
  const raw: Record<string, unknown> = isRecord(stored) ? { ...stored } : {};
  const from = typeof raw.schemaVersion === 'number' ? raw.schemaVersion : targetVersion;
  return { ...coerce(upgradeRaw(raw, from, migrations, targetVersion)), schemaVersion: targetVersion };
}

/** The migration steps alone, on raw JSON: a preset file is upgraded before it is judged field by field. */
export function upgradeRaw(
  raw: Record<string, unknown>,
  from: number,
  migrations: Record<number, SettingsMigration> = SETTINGS_MIGRATIONS,
  targetVersion: number = SETTINGS_VERSION,
): Record<string, unknown> {
  let next = raw;
  for (let version = from + 1; version <= targetVersion; version++) {
    const step = migrations[version];
    if (step) next = step(next);
  }
  return next;
}

function coerce(raw: Record<string, unknown>): Settings {
  const d = DEFAULT_SETTINGS;
  const contribute = isRecord(raw.contribute) ? raw.contribute : {};
  const library = isRecord(raw.library) ? raw.library : {};
  const advice = isRecord(raw.advice) ? raw.advice : {};
  const consent = isRecord(raw.consent) ? raw.consent : {};
  const choice = oneOf(consent.choice, ['none', 'now', 'schedule', 'manual'] as const, d.consent.choice);
  return {
    schemaVersion: d.schemaVersion,
    language: oneOf(raw.language, ['auto', 'en', 'ru', 'kk'] as const, d.language),
    packId: typeof raw.packId === 'string' && raw.packId ? raw.packId : d.packId,
    customTargets: targets(raw.customTargets),
    removedTargetIds: Array.isArray(raw.removedTargetIds)
      ? raw.removedTargetIds.filter((id): id is string => typeof id === 'string')
      : [],
    categoryOverrides: categoryOverrides(raw.categoryOverrides),
    consent: { choice, at: choice === 'none' ? 0 : number(consent.at, 0, 0, Number.MAX_SAFE_INTEGER) },
    scheduleMinutes: number(raw.scheduleMinutes, d.scheduleMinutes, 0, 24 * 60),
    diagnoseFailedPages:
      typeof raw.diagnoseFailedPages === 'boolean' ? raw.diagnoseFailedPages : d.diagnoseFailedPages,
    discreetToolbar: typeof raw.discreetToolbar === 'boolean' ? raw.discreetToolbar : d.discreetToolbar,
    dohResolvers: httpsUrlList(raw.dohResolvers, d.dohResolvers),
    ooniApiBase: httpsUrl(raw.ooniApiBase, d.ooniApiBase),
    collectorBase: httpsUrl(raw.collectorBase, d.collectorBase),
    // The one plain-http address: a captive portal can only intercept what is not encrypted, and
    // the check sends nothing but a GET for a fixed path.
    captiveCheckUrl: url(raw.captiveCheckUrl, d.captiveCheckUrl),
    requestTimeoutMs: number(raw.requestTimeoutMs, d.requestTimeoutMs, 1_000, 120_000),
    concurrency: number(raw.concurrency, d.concurrency, 1, 64),
    retentionDays: number(raw.retentionDays, d.retentionDays, 1, 3650),
    contribute: {
      enabled: typeof contribute.enabled === 'boolean' ? contribute.enabled : d.contribute.enabled,
      includeUserTargets:
        typeof contribute.includeUserTargets === 'boolean'
          ? contribute.includeUserTargets
          : d.contribute.includeUserTargets,
    },
    library: {
      budgetMb: number(library.budgetMb, d.library.budgetMb, 10, 10_000),
      refreshMinutes: number(library.refreshMinutes, d.library.refreshMinutes, 5, 24 * 60),
    },
    advice: { mirrorsUrl: httpsUrlOrEmpty(advice.mirrorsUrl, d.advice.mirrorsUrl) },
    // Unlike the resolvers, an empty list is a choice (ask nobody); http entries are dropped.
    dataBundleEndpoints: Array.isArray(raw.dataBundleEndpoints)
      ? [...new Set(raw.dataBundleEndpoints.filter(isHttpsUrl))].slice(0, 20)
      : d.dataBundleEndpoints,
  };
}

const CATEGORY_NAMES: readonly string[] = CATEGORIES;

/** Keep only well-formed targets: a preset file from a stranger is untrusted input. */
function targets(value: unknown): Target[] {
  if (!Array.isArray(value)) return [];
  const seen = new Set<string>();
  const kept: Target[] = [];
  for (const item of value) {
    if (!isRecord(item) || !isHttpUrl(item.url)) continue;
    const id = typeof item.id === 'string' && item.id ? item.id : item.url;
    if (seen.has(id)) continue;
    seen.add(id);
    kept.push({
      id,
      url: item.url,
      name: typeof item.name === 'string' && item.name ? item.name.slice(0, 200) : new URL(item.url).hostname,
      category: CATEGORY_NAMES.includes(item.category as string)
        ? (item.category as Target['category'])
        : 'other',
      source: item.source === 'import' || item.source === 'ooni' ? item.source : 'user',
      ...(typeof item.categoryCode === 'string' ? { categoryCode: item.categoryCode.slice(0, 16) } : {}),
      ...(typeof item.notes === 'string' && cleanNotes(item.notes) ? { notes: cleanNotes(item.notes) } : {}),
    });
  }
  return kept;
}

/** Target id → one of our categories; anything else (or past MAX_TARGETS entries) is dropped. */
function categoryOverrides(value: unknown): Record<string, Category> {
  if (!isRecord(value)) return {};
  const kept: Record<string, Category> = {};
  for (const [id, category] of Object.entries(value).slice(0, MAX_TARGETS)) {
    if (id && CATEGORY_NAMES.includes(category as string)) kept[id] = category as Category;
  }
  return kept;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function number(value: unknown, fallback: number, min: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
    ? value
    : fallback;
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Every address Vantage sends something to (DNS questions, check-ins, contributions, the mirror
 * list) must be https: on a network that watches, plain http shows what is sent to anyone on the
 * path and lets them change the answer. A stored http address (an old version, tampered storage)
 * falls back to the default rather than being used.
 */
export function isHttpsUrl(value: unknown): value is string {
  return isHttpUrl(value) && new URL(value).protocol === 'https:';
}

/** A mirror list is fetched and trusted for links: https only, or '' to turn refreshing off. */
function httpsUrlOrEmpty(value: unknown, fallback: string): string {
  if (value === '') return '';
  return isHttpsUrl(value) ? value : fallback;
}

function url(value: unknown, fallback: string): string {
  return isHttpUrl(value) ? value : fallback;
}

function httpsUrl(value: unknown, fallback: string): string {
  return isHttpsUrl(value) ? value : fallback;
}

function httpsUrlList(value: unknown, fallback: string[]): string[] {
  if (!Array.isArray(value)) return fallback;
  const urls = value.filter(isHttpsUrl);
  return urls.length > 0 ? urls : fallback;
}
