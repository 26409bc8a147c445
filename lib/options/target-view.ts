import type { Settings } from '../settings/schema';
import { getPack } from '../targets/packs';
import { CATEGORIES, type Category, type Target } from '../targets/types';

export interface TargetRow {
  target: Target;
  /** From the built-in pack (removable and restorable) or the user's own list (deletable). */
  origin: 'pack' | 'own';
  /** False for a pack entry the user removed; it is shown so it can be restored. */
  active: boolean;
}

export interface CategoryGroup {
  category: Category;
  rows: TargetRow[];
  activeCount: number;
}

/**
 * Every target the options page lists, grouped by category in the fixed category order: the
 * chosen pack's entries (removed ones included, marked inactive) then the user's own. A user
 * entry with the same id as a pack entry is shown once, as the pack's, which is also what a run
 * measures (lib/engine/targets.ts keeps the first).
 */
export function groupTargets(
  settings: Pick<Settings, 'packId' | 'customTargets' | 'removedTargetIds'>,
): CategoryGroup[] {
  const removed = new Set(settings.removedTargetIds);
  const pack = settings.packId === 'none' ? [] : (getPack(settings.packId)?.targets ?? []);
  const seen = new Set<string>();
  const rows: TargetRow[] = [];
  for (const target of pack) {
    if (seen.has(target.id)) continue;
    seen.add(target.id);
    rows.push({ target, origin: 'pack', active: !removed.has(target.id) });
  }
  for (const target of settings.customTargets) {
    if (seen.has(target.id)) continue;
    seen.add(target.id);
    rows.push({ target, origin: 'own', active: true });
  }
  return CATEGORIES.map((category) => {
    const inCategory = rows.filter((row) => row.target.category === category);
    return { category, rows: inCategory, activeCount: inCategory.filter((row) => row.active).length };
  }).filter((group) => group.rows.length > 0);
}

/** Settings change that removes a target: a pack entry is remembered as removed, an own one is deleted. */
export function removeChange(
  settings: Pick<Settings, 'customTargets' | 'removedTargetIds'>,
  row: TargetRow,
): Partial<Settings> {
  if (row.origin === 'own')
    return { customTargets: settings.customTargets.filter((t) => t.id !== row.target.id) };
  if (settings.removedTargetIds.includes(row.target.id)) return {};
  return { removedTargetIds: [...settings.removedTargetIds, row.target.id] };
}

/** Settings change that brings a removed pack entry back. */
export function restoreChange(settings: Pick<Settings, 'removedTargetIds'>, id: string): Partial<Settings> {
  return { removedTargetIds: settings.removedTargetIds.filter((removed) => removed !== id) };
}
