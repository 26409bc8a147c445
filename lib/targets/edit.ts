import { MAX_TARGETS } from './limits';
import { CATEGORIES, type Category, type Target } from './types';
import { nameForUrl, normaliseTargetUrl, type UrlProblem } from './url';

export interface NewTarget {
  url: string;
  name?: string;
  category?: Category;
}

export type AddTargetResult =
  | { ok: true; list: Target[]; target: Target }
  | { ok: false; reason: UrlProblem | 'duplicate' | 'too-many'; detail: string };

const NAME_MAX = 200;
const KNOWN: readonly string[] = CATEGORIES;

/**
 * Add a site the user typed. Returns a new list (the input is not changed) or says why not: the
 * URL is empty, unreadable or not http(s), or the list already has it under any spelling.
 * Without a name, the host is the name; without a known category, `other`.
 */
export function addTarget(
  list: readonly Target[],
  input: NewTarget,
  source: Target['source'] = 'user',
): AddTargetResult {
  const normalised = normaliseTargetUrl(input.url);
  if (!normalised.ok) return normalised;
  const url = normalised.url;

  // Entries from a hand-edited settings file may carry an un-normalised id or URL.
  const existing = list.find((target) => target.id === url || sameUrl(target.url, url));
  if (existing) return { ok: false, reason: 'duplicate', detail: `already in the list as ${existing.name}` };
  if (list.length >= MAX_TARGETS) {
    return {
      ok: false,
      reason: 'too-many',
      detail: `the list already has ${list.length} sites, the most a run checks`,
    };
  }

  const name = input.name?.replace(/\s+/g, ' ').trim().slice(0, NAME_MAX);
  const category = input.category && KNOWN.includes(input.category) ? input.category : 'other';
  const target: Target = { id: url, url, name: name || nameForUrl(url), category, source };
  return { ok: true, list: [...list, target], target };
}

/** The list without the target `id` (unchanged if it is not there). */
export function removeTarget(list: readonly Target[], id: string): Target[] {
  return list.filter((target) => target.id !== id);
}

/**
 * `base` followed by the targets of `added` it does not already have, by id. On a clash the
 * earlier entry wins, so merging a fetched list never renames or recategorises what the user
 * (or the pack) already had.
 */
export function mergeTargets(base: readonly Target[], added: readonly Target[]): Target[] {
  const seen = new Set<string>();
  const merged: Target[] = [];
  for (const target of [...base, ...added]) {
    if (seen.has(target.id)) continue;
    seen.add(target.id);
    merged.push(target);
  }
  return merged;
}

function sameUrl(stored: string, normalised: string): boolean {
  const other = normaliseTargetUrl(stored);
  return other.ok && other.url === normalised;
}
