import { type KeyValueStore, isMirrorList } from '../advice';
import type { InstalledBundle } from './format';

/** Where the installed bundle lives (storage.local; wiped with everything else). */
export const DATA_BUNDLE_KEY = 'dataBundle';

/** The installed bundle, or undefined when none was ever taken (or storage holds something else). */
export async function loadInstalledBundle(store: KeyValueStore): Promise<InstalledBundle | undefined> {
  const value = (await store.get(DATA_BUNDLE_KEY))[DATA_BUNDLE_KEY] as Partial<InstalledBundle> | undefined;
  if (
    !value ||
    typeof value.version !== 'number' ||
    typeof value.createdAt !== 'string' ||
    typeof value.source !== 'string' ||
    typeof value.installedAt !== 'number' ||
    (value.mirrors !== undefined && !isMirrorList(value.mirrors)) ||
    (value.fingerprints !== undefined &&
      !(Array.isArray(value.fingerprints.http) && Array.isArray(value.fingerprints.dns))) ||
    (value.packs !== undefined && !isStoredPacks(value.packs)) ||
    (value.advice !== undefined && !isStoredAdvice(value.advice))
  ) {
    return undefined;
  }
  return value as InstalledBundle;
}

/*
 * Packs and links were checked in full before they were stored (lib/data-bundle/packs.ts,
 * lib/advice/facts.ts), and only the extension writes storage.local. Reading them back checks
 * their shape only, so a damaged or older copy is never half-used, without the full checks'
 * code in the popup's JavaScript (docs/benchmarks.md: popup budget).
 */
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: unknown, keys: readonly string[]) =>
  isRecord(value) && keys.every((key) => typeof value[key] === 'string');

function isStoredPacks(value: unknown): boolean {
  return (
    isRecord(value) &&
    Object.values(value).every(
      (pack) =>
        isRecord(pack) &&
        Array.isArray(pack.targets) &&
        pack.targets.every((t) => strings(t, ['url', 'name', 'category'])) &&
        (pack.sources === undefined ||
          (Array.isArray(pack.sources) && pack.sources.every((u) => typeof u === 'string'))),
    )
  );
}

function isStoredAdvice(value: unknown): boolean {
  return (
    isRecord(value) &&
    isRecord(value.links) &&
    Object.values(value.links).every(
      (links) =>
        Array.isArray(links) &&
        links.every(
          (link) =>
            strings(link, ['kind', 'url', 'labelKey']) &&
            /^(https|mailto):/.test(String((link as { url: string }).url)),
        ),
    )
  );
}
