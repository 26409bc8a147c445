import type { Target } from './types';

/**
 * The most targets one run checks. A Citizen Lab list is a few hundred to ~2,000 rows; a 5 MB CSV
 * can hold 178,463, and a run that large would take hours at the default concurrency and store
 * hundreds of MB of measurements. Every way in (typed, CSV, OONI's list, a settings
 * file) stops here and says how many it left out; nothing is dropped silently.
 */
export const MAX_TARGETS = 5_000;

export interface CappedMerge {
  list: Target[];
  /** New targets (not already in `base`) that were added. */
  added: number;
  /** New targets left out because the total would pass MAX_TARGETS. */
  overCap: number;
}

/**
 * `base` followed by the targets of `added` it does not already have (by id; the earlier entry
 * wins, so merging never renames what the user or the pack already had), while `alsoCounted`
 * (targets checked besides the list, e.g. the pack's) plus the list stays within MAX_TARGETS.
 */
export function mergeWithinCap(
  base: readonly Target[],
  added: readonly Target[],
  alsoCounted = 0,
  max = MAX_TARGETS,
): CappedMerge {
  const seen = new Set(base.map((target) => target.id));
  const list = [...base];
  let count = 0;
  let overCap = 0;
  for (const target of added) {
    if (seen.has(target.id)) continue;
    seen.add(target.id);
    if (alsoCounted + list.length >= max) {
      overCap++;
      continue;
    }
    list.push(target);
    count++;
  }
  return { list, added: count, overCap };
}
