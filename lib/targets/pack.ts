import type { Category, Target } from './types';
import { normaliseTargetUrl } from './url';

/** A built-in list of sites to test, chosen for one country (or none, for the global pack). */
export interface TargetPack {
  /** Stable id kept in settings.packId, e.g. 'kz'. */
  id: string;
  /** English name; the UI translates by id. */
  name: string;
  /** ISO 3166-1 alpha-2 code, also the probe_cc for OONI's test list. Absent for the global pack. */
  country?: string;
  /** Where a reader can check why each site is in the pack. */
  sources: readonly string[];
  targets: readonly Target[];
}

/** [url, display name] — the category comes from the group the entry sits in. */
export type PackEntry = readonly [url: string, name: string];

/**
 * Build a pack from entries grouped by category, so each group can carry its own source comment.
 * A malformed URL is a bug in this repository, not user input: it throws at load, and the unit
 * tests load every pack.
 */
export function definePack(
  meta: Omit<TargetPack, 'targets'>,
  groups: Partial<Record<Category, readonly PackEntry[]>>,
): TargetPack {
  const targets: Target[] = [];
  for (const [category, entries] of Object.entries(groups) as [Category, readonly PackEntry[]][]) {
    for (const [raw, name] of entries) {
      const normalised = normaliseTargetUrl(raw);
      if (!normalised.ok) throw new Error(`pack ${meta.id}: ${normalised.detail}`);
      targets.push(
        Object.freeze({ id: normalised.url, url: normalised.url, name, category, source: 'pack' }),
      );
    }
  }
  return Object.freeze({
    ...meta,
    sources: Object.freeze([...meta.sources]),
    targets: Object.freeze(targets),
  });
}
