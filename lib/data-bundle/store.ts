import { isMirrorList } from '../advice/mirrors';
import type { InstalledBundle } from './format';

/** storage.local's shape (the same as advice/mirror-store's, declared here so neither imports the other). */
interface KeyValueStore {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

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
      !(Array.isArray(value.fingerprints.http) && Array.isArray(value.fingerprints.dns)))
  ) {
    return undefined;
  }
  return value as InstalledBundle;
}
