import { type KeyValueStore, isMirrorList, parseAdviceFacts } from '../advice';
import type { InstalledBundle } from './format';
import { parseBundlePacks } from './packs';

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
    // Stored as checked, so checking again costs little and a damaged copy is never half-used.
    (value.packs !== undefined && !parseBundlePacks(value.packs).ok) ||
    (value.advice !== undefined && !parseAdviceFacts(value.advice).ok)
  ) {
    return undefined;
  }
  return value as InstalledBundle;
}
