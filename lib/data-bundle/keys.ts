/**
 * The pinned keys ship inside the extension (public/data-bundle-keys.json), never with the
 * bundle and never from settings: whoever can change this list can sign the user's data, so it
 * changes only with a release of the extension itself.
 */
export const PINNED_KEYS_ASSET = '/data-bundle-keys.json' as const;

/** The keys in the asset's text; a malformed file pins nothing (and so nothing is taken). */
export function parsePinnedKeys(text: string): string[] {
  try {
    const parsed = JSON.parse(text) as { keys?: unknown };
    if (!Array.isArray(parsed.keys)) return [];
    return parsed.keys.filter((key): key is string => typeof key === 'string' && key.length > 0);
  } catch {
    return [];
  }
}
