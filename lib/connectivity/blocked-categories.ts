import { CATEGORIES, type Category } from '../targets/types';
import type { Evidence } from '../verdict/types';
import { isBlocking } from './reachability';
import type { TargetResult } from './types';

/**
 * Categories with blocked sites. A confirmed or likely blocking verdict counts on its own; a
 * 'possible' one (a refused or timed-out connection, which a dead server also produces) counts
 * only when a second site in the same category is possibly blocked too.
 */
export function blockedCategories(results: readonly TargetResult[]): {
  categories: Category[];
  evidence: Evidence[];
} {
  const categories: Category[] = [];
  const evidence: Evidence[] = [];
  for (const category of CATEGORIES) {
    const inCategory = results.filter((r) => r.target.category === category);
    const blocked = inCategory.filter((r) => isBlocking(r.verdict));
    const strong = blocked.filter((r) => r.verdict.confidence !== 'possible');
    if (strong.length === 0 && blocked.length < 2) continue;
    categories.push(category);
    const kinds = [...new Set(blocked.map((r) => r.verdict.blocking))].join(', ');
    evidence.push({
      code: 'blocked-category',
      detail: `${category}: ${blocked.length} of ${inCategory.length} sites blocked (${kinds})`,
    });
  }
  return { categories, evidence };
}
