import type { MeasurementRecord } from '../db/schema';
import { CATEGORIES, type Category, type Target } from '../targets/types';
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
