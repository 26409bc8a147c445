import { getPack, normaliseTargetUrl } from '../targets';
import type { Target } from '../targets/types';
import { isHttpsUrl, migrateSettings, upgradeRaw } from './migrate';
import { DEFAULT_SETTINGS, SETTINGS_VERSION, type Settings } from './schema';
import { cleanPublisherName, fromBase64 } from '../signing';

/**
 * The settings file a digital-rights group hands out (and tests use to point everything at
 * the lab). Schema and rules: docs/settings.md. A file passed around a chat is a stranger's
 * input: it may set how Vantage checks, never widen what is sent or where, and never
 * lose what the user already has.
 *  - `contribute.*`, `consent` and `diagnoseFailedPages` are the user's alone: ignored, and said so.
 *  - The collector and API addresses (they receive check-ins and contributions) are only
 *    *suggested*; the user accepts each one on the options page (acceptEndpointSuggestion).
 *  - Every address that receives something must be https (migrate.ts); the captive check is the
 *    one http address.
 *  - Sites are merged with the user's list unless the user chose 'replace'; an empty or invalid
 *    list changes nothing.
 *  - Pack entries the user removed stay removed (a file can only add removals); a category the
 *    user chose for a pack entry stays (a file can only add others).
 *  - An invalid value keeps the user's previous value, not the default.
 *  - Pack publisher keys (`packKeys`, beside `settings`) are only *suggested*: the user trusts each
 *    one on the options page (issue #16); a file never trusts a key by itself.
 */
const PRESET_FORMAT = 'vantage-settings';
const MAX_PRESET_BYTES = 1024 * 1024;

export interface PresetFile {
  format: typeof PRESET_FORMAT;
  version: number;
  exportedAt: string;
  /** The user's own answers (consent, diagnosis) are not part of a file: importing never sets them. */
  settings: Omit<Settings, 'schemaVersion' | 'consent' | 'diagnoseFailedPages'>;
  /** Keys whose signed packs the group asks its members to trust (suggested, never applied). */
  packKeys?: PackKeySuggestion[];
}

/** A publisher key a settings file suggests trusting: an NGO's own, published in its file. */
export interface PackKeySuggestion {
  name: string;
  /** Raw 32-byte Ed25519 public key, base64 (as in a signed pack's header). */
  publicKey: string;
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

/** What the user chose for the file's sites: add them to the list (default) or use only them. */
export type TargetsMode = 'merge' | 'replace';

/** A setting the file changed, by path ('language', 'library.budgetMb'); the UI names it in words. */
export interface PresetChange {
  key: string;
  from: unknown;
  to: unknown;
}

export interface PresetTargets {
  mode: TargetsMode;
  /** Sites from the file that were not in the user's list. */
  added: number;
  /** The user's sites still in the list. */
  kept: number;
  /** The user's sites gone (only when the user chose 'replace'). */
  removed: number;
  /** Entries in the file that were not a valid site. */
  skipped: number;
}

export type RefusalReason =
  /** Contribution choices belong to the user. */
  | 'user-only'
  /** A plain-http address for something that is sent over the network. */
  | 'not-https'
  /** Wrong type, out of range, empty list: the previous value is kept. */
  | 'invalid'
  /** Not a setting this version knows. */
  | 'unknown';

export interface PresetRefusal {
  key: string;
  reason: RefusalReason;
}

/** `dataBundleEndpoints` is a list: one suggestion per address the user does not have yet. */
export type EndpointKey = 'collectorBase' | 'ooniApiBase' | 'dataBundleEndpoints';

export interface EndpointSuggestion {
  key: EndpointKey;
  url: string;
}

export type PresetImport =
  | {
      ok: true;
      settings: Settings;
      changes: PresetChange[];
      targets?: PresetTargets;
      refused: PresetRefusal[];
      suggestions: EndpointSuggestion[];
      /** Pack keys the file suggests; trusted only when the user accepts each. */
      packKeys: PackKeySuggestion[];
    }
  | { ok: false; reason: 'too-large' | 'not-json' | 'not-a-preset' | 'newer-version'; detail: string };

const ENDPOINT_KEYS: readonly string[] = ['collectorBase', 'ooniApiBase'] satisfies EndpointKey[];

export function importPreset(text: string, current: Settings, mode: TargetsMode = 'merge'): PresetImport {
  if (text.length > MAX_PRESET_BYTES)
    return { ok: false, reason: 'too-large', detail: `${text.length} bytes` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: 'not-json', detail: String(error) };
  }
  const file = parsed as Partial<PresetFile> | null;
  if (!file || file.format !== PRESET_FORMAT || !isRecord(file.settings)) {
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
  const incoming = upgradeRaw({ ...(file.settings as Record<string, unknown>) }, version);
  const result = {
    settings: { ...current },
    changes: [] as PresetChange[],
    targets: undefined as PresetTargets | undefined,
    refused: [] as PresetRefusal[],
    suggestions: [] as EndpointSuggestion[],
    packKeys: [] as PackKeySuggestion[],
  };
  const refuse = (key: string, reason: RefusalReason) => result.refused.push({ key, reason });
  readPackKeys((file as { packKeys?: unknown }).packKeys, result.packKeys, refuse);

  for (const [key, value] of Object.entries(incoming)) {
    if (key === 'schemaVersion') continue;
    if (!(key in DEFAULT_SETTINGS)) refuse(key, 'unknown');
    else if (key === 'contribute' || key === 'consent' || key === 'diagnoseFailedPages') {
      // Whether anything is sent, whether and when Vantage contacts anything at all, and whether it
      // diagnoses the pages the user fails to open: the user's own answers (the consent panel, the
      // first-run page), never a file's.
      if (!same(value, current[key])) refuse(key, 'user-only');
    } else if (ENDPOINT_KEYS.includes(key)) {
      const suggestion = suggestEndpoint(key as EndpointKey, value, current);
      if (typeof suggestion === 'string') refuse(key, suggestion);
      else if (suggestion) result.suggestions.push(suggestion);
    } else if (key === 'dataBundleEndpoints') {
      // Signed data bundles (lib/data-bundle): a file cannot make Vantage contact a new address
      // on its own; each one is a suggestion the user accepts (the bundle's signature, not the
      // address, decides what is taken).
      if (!Array.isArray(value)) refuse(key, 'invalid');
      else {
        for (const url of new Set(value)) {
          if (current.dataBundleEndpoints.includes(url as string)) continue;
          if (isHttpsUrl(url)) result.suggestions.push({ key, url });
          else refuse(key, asksForPlainHttp(url) ? 'not-https' : 'invalid');
        }
      }
    } else if (key === 'customTargets') {
      const merged = mergeFileTargets(current.customTargets, value, mode);
      if (!merged) refuse(key, 'invalid');
      else {
        result.settings.customTargets = merged.list;
        result.targets = merged.report;
      }
    } else if (key === 'removedTargetIds' && Array.isArray(value)) {
      // The user's own removals stay: a file can switch more pack entries off, never back on.
      takeField(result, key, [...new Set([...current.removedTargetIds, ...value])], refuse);
    } else if (key === 'categoryOverrides' && isRecord(value)) {
      // Likewise the categories the user chose: a file sets only those the user has not.
      takeField(result, key, { ...value, ...current.categoryOverrides }, refuse);
    } else if (isRecord(DEFAULT_SETTINGS[key as keyof Settings])) {
      if (!isRecord(value)) {
        refuse(key, 'invalid');
        continue;
      }
      for (const [sub, subValue] of Object.entries(value))
        takeField(result, `${key}.${sub}`, subValue, refuse);
    } else takeField(result, key, value, refuse);
  }
  return { ok: true, ...result };
}

const MAX_PACK_KEYS = 20;

function readPackKeys(
  raw: unknown,
  into: PackKeySuggestion[],
  refuse: (key: string, reason: RefusalReason) => void,
): void {
  if (raw === undefined) return;
  if (!Array.isArray(raw)) return refuse('packKeys', 'invalid');
  for (const [i, entry] of raw.slice(0, MAX_PACK_KEYS).entries()) {
    const { name, publicKey } = (isRecord(entry) ? entry : {}) as Record<string, unknown>;
    const clean = typeof name === 'string' ? cleanPublisherName(name) : '';
    const key = typeof publicKey === 'string' ? fromBase64(publicKey) : undefined;
    if (!clean || !key || key.length !== 32 || into.some((k) => k.publicKey === publicKey))
      refuse(`packKeys.${i}`, 'invalid');
    else into.push({ name: clean, publicKey: publicKey as string });
  }
  if (raw.length > MAX_PACK_KEYS) refuse(`packKeys.${MAX_PACK_KEYS}`, 'invalid');
}

/**
 * The settings after the user accepted a suggested address. Contribution turns off (both
 * switches): the user consented to send to the old host, and must see the new one in the consent
 * panel and agree again before anything goes there.
 */
export function acceptEndpointSuggestion(
  settings: Settings,
  suggestion: EndpointSuggestion,
): Partial<Settings> {
  if (!isHttpsUrl(suggestion.url)) return {};
  if (suggestion.key === 'dataBundleEndpoints') {
    // Only signed bundles are taken from it; nothing of the user's is sent there.
    return { dataBundleEndpoints: [...new Set([...settings.dataBundleEndpoints, suggestion.url])] };
  }
  return {
    [suggestion.key]: suggestion.url,
    contribute: { ...settings.contribute, enabled: false, includeUserTargets: false },
  };
}

/** One value at `path` (one level of nesting): taken if valid, else the previous value stays. */
function takeField(
  result: { settings: Settings; changes: PresetChange[] },
  path: string,
  value: unknown,
  refuse: (key: string, reason: RefusalReason) => void,
) {
  const [key, sub] = path.split('.') as [keyof Settings, string | undefined];
  const before = result.settings[key] as unknown;
  if (sub !== undefined && !(sub in (DEFAULT_SETTINGS[key] as object))) return refuse(path, 'unknown');
  const candidate = sub === undefined ? value : { ...(before as object), [sub]: value };
  const checked = migrateSettings({ ...result.settings, [key]: candidate })[key] as unknown;
  const previous = sub === undefined ? before : (before as Record<string, unknown>)[sub];
  if (!same(checked, candidate) || (key === 'packId' && !knownPack(value))) {
    return refuse(path, asksForPlainHttp(value) ? 'not-https' : 'invalid');
  }
  if (same(previous, value)) return;
  (result.settings as unknown as Record<string, unknown>)[key] = candidate;
  result.changes.push({ key: path, from: previous, to: value });
}

function suggestEndpoint(
  key: EndpointKey,
  value: unknown,
  current: Settings,
): EndpointSuggestion | RefusalReason | undefined {
  if (value === current[key]) return undefined;
  if (isHttpsUrl(value)) return { key, url: value };
  return asksForPlainHttp(value) ? 'not-https' : 'invalid';
}

/** The file's sites with the user's list: merged by URL (the user's names win), or replacing it. */
function mergeFileTargets(
  mine: readonly Target[],
  value: unknown,
  mode: TargetsMode,
): { list: Target[]; report: PresetTargets } | undefined {
  if (!Array.isArray(value)) return undefined;
  const valid = migrateSettings({ customTargets: value }).customTargets;
  if (valid.length === 0) return undefined;
  const mineByUrl = new Set(mine.map(urlKey));
  const fileByUrl = new Set<string>();
  const fresh: Target[] = [];
  for (const target of valid) {
    const url = urlKey(target);
    if (fileByUrl.has(url)) continue;
    fileByUrl.add(url);
    if (!mineByUrl.has(url)) fresh.push(target);
  }
  const skipped = value.length - valid.length;
  if (mode === 'replace') {
    // The user's own entries for sites the file also lists keep their names and categories.
    const keptMine = mine.filter((target) => fileByUrl.has(urlKey(target)));
    return {
      list: [...keptMine, ...fresh],
      report: {
        mode,
        added: fresh.length,
        kept: keptMine.length,
        removed: mine.length - keptMine.length,
        skipped,
      },
    };
  }
  return {
    list: [...mine, ...fresh],
    report: { mode, added: fresh.length, kept: mine.length, removed: 0, skipped },
  };
}

function urlKey(target: Pick<Target, 'url'>): string {
  const normalised = normaliseTargetUrl(target.url);
  return normalised.ok ? normalised.url : target.url;
}

function knownPack(value: unknown): boolean {
  return value === 'none' || (typeof value === 'string' && getPack(value) !== undefined);
}

/** True when a value is (or lists) an http: address: said as "not https", not as "invalid". */
function asksForPlainHttp(value: unknown): boolean {
  const values = Array.isArray(value) ? value : [value];
  return values.some((item) => typeof item === 'string' && /^http:\/\//i.test(item.trim()));
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
