import { CATEGORIES, normaliseTargetUrl, shippedPacks, type Category, type PackUpdate } from '../targets';
import { plainTextProblem } from './plain-text';

/**
 * Target packs from a data bundle: `{"kz": {"sources": [...], "targets": [{"url", "name",
 * "category"}, ...]}, ...}`. Each replaces the shipped pack of the same id. Checked as strictly
 * as a list the user types (lib/targets/url.ts: http or https, a full public domain, never a
 * local, private or onion address — checking one would send the name to public resolvers),
 * and one bad entry refuses the whole bundle: a pack half-taken would be a list nobody chose.
 */
export type BundlePacks = Record<string, PackUpdate>;

/**
 * Shipped packs hold ~50 sites; Citizen Lab's longest country lists ~2,000. A run checks at most
 * MAX_TARGETS (lib/targets/limits.ts) in all; this keeps a bundle from asking for more per pack.
 */
export const MAX_PACK_TARGETS = 2_000;
const MAX_TARGET_NAME_CHARS = 120;
const MAX_URL_CHARS = 2_048;
const MAX_SOURCES = 20;

export function parseBundlePacks(
  value: unknown,
): { ok: true; packs: BundlePacks } | { ok: false; detail: string } {
  if (!isRecord(value)) return { ok: false, detail: 'packs: expected {"<pack id>": {"targets": [...]}}' };
  const known = shippedPacks().map((pack) => pack.id);
  const packs: BundlePacks = {};
  for (const [id, raw] of Object.entries(value)) {
    const where = `packs.${id}`;
    if (!known.includes(id))
      return { ok: false, detail: `${where}: no such pack (known: ${known.join(', ')})` };
    if (!isRecord(raw) || !Array.isArray(raw.targets))
      return { ok: false, detail: `${where}: expected {"targets": [...]}` };
    if (raw.targets.length === 0)
      return { ok: false, detail: `${where}.targets: empty (a pack checks at least one site)` };
    if (raw.targets.length > MAX_PACK_TARGETS) {
      return {
        ok: false,
        detail: `${where}.targets: ${raw.targets.length} entries, at most ${MAX_PACK_TARGETS}`,
      };
    }
    const targets: PackUpdate['targets'][number][] = [];
    const seen = new Set<string>();
    for (const [i, entry] of raw.targets.entries()) {
      const at = `${where}.targets[${i}]`;
      if (!isRecord(entry)) return { ok: false, detail: `${at}: expected {"url", "name", "category"}` };
      const { url, name, category } = entry;
      if (typeof url !== 'string' || url.length > MAX_URL_CHARS) {
        return { ok: false, detail: `${at}.url: a string of at most ${MAX_URL_CHARS} characters` };
      }
      const normalised = normaliseTargetUrl(url);
      if (!normalised.ok) return { ok: false, detail: `${at}.url: ${normalised.detail}` };
      if (seen.has(normalised.url))
        return { ok: false, detail: `${at}.url: ${normalised.url} is listed twice` };
      seen.add(normalised.url);
      const nameProblem = plainTextProblem(name, MAX_TARGET_NAME_CHARS);
      if (nameProblem) return { ok: false, detail: `${at}.name: ${nameProblem}` };
      if (typeof category !== 'string' || !CATEGORIES.includes(category as Category)) {
        return {
          ok: false,
          detail: `${at}.category: ${JSON.stringify(category)} is not one of ${CATEGORIES.join(', ')}`,
        };
      }
      targets.push({ url: normalised.url, name: (name as string).trim(), category: category as Category });
    }
    let sources: string[] | undefined;
    if (raw.sources !== undefined) {
      if (!Array.isArray(raw.sources) || raw.sources.length > MAX_SOURCES) {
        return {
          ok: false,
          detail: `${where}.sources: a list of at most ${MAX_SOURCES} http or https addresses`,
        };
      }
      for (const [i, source] of raw.sources.entries()) {
        if (!isWebUrl(source))
          return { ok: false, detail: `${where}.sources[${i}]: not an http or https address` };
      }
      sources = raw.sources as string[];
    }
    packs[id] = { ...(sources ? { sources } : {}), targets };
  }
  return { ok: true, packs };
}

// Sources are pages a reader opens to check a pack (a few shipped ones are still plain http).
function isWebUrl(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > MAX_URL_CHARS) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
