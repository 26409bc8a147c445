import type { MeasurementRecord } from '../db';
import { CATEGORIES, type Category, type Target } from '../targets/types';
import type { ConnectionState } from '../verdict/types';
import { isBlocking } from './reachability';

export interface SiteSummary {
  target: Target;
  latest?: MeasurementRecord;
}

export interface CategorySummary {
  category: Category;
  sites: SiteSummary[];
  measured: number;
  blocked: number;
}

/** The popup's per-category view: each active target with its newest measurement. */
export function summarizeCategories(
  targets: readonly Target[],
  latest: ReadonlyMap<string, MeasurementRecord>,
): CategorySummary[] {
  return CATEGORIES.map((category) => {
    const sites = targets
      .filter((t) => t.category === category)
      .map((target) => ({ target, latest: latest.get(target.id) }));
    const measured = sites.filter((s) => s.latest).length;
    const blocked = sites.filter((s) => s.latest && isBlocking(s.latest.verdict)).length;
    return { category, sites, measured, blocked };
  }).filter((summary) => summary.sites.length > 0);
}

/**
 * What a category's one-line headline may claim. "All reachable" is a claim of proof: every site
 * of the category was measured and loaded. A site never measured, or one whose check could not tell
 * (down, inconclusive) or found it slow, keeps the category from being green (issue #14: a fresh
 * install under a shutdown once showed six green "all reachable" rows).
 */
export type CategoryHeadline =
  | { kind: 'blocked'; blocked: number; measured: number }
  | { kind: 'reachable' }
  | { kind: 'unproven'; reachable: number; total: number; unclear: number; notChecked: number };

export function categoryHeadline(summary: CategorySummary): CategoryHeadline {
  if (summary.blocked > 0) return { kind: 'blocked', blocked: summary.blocked, measured: summary.measured };
  let reachable = 0;
  let unclear = 0;
  let notChecked = 0;
  for (const { latest } of summary.sites) {
    if (!latest) notChecked++;
    else if (latest.verdict.blocking === 'accessible') reachable++;
    else unclear++;
  }
  const total = summary.sites.length;
  return reachable === total
    ? { kind: 'reachable' }
    : { kind: 'unproven', reachable, total, unclear, notChecked };
}

/**
 * Connection states that say, in one line, what every site would: the device is offline, a portal
 * stands in front of everything, the whole network is cut, or only a government list answers. The
 * popup then shows that line instead of a row per site (the rows stay one click away).
 */
const STATES_OVER_SITES: readonly ConnectionState[] = ['offline', 'captive-portal', 'shutdown', 'whitelist'];

export function connectionSpeaksForSites(state: ConnectionState): boolean {
  return STATES_OVER_SITES.includes(state);
}
