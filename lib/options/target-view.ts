import type { Settings } from '../settings';
import { getPack } from '../targets';
import { CATEGORIES, type Category, type Target } from '../targets/types';

export interface TargetRow {
  target: Target;
  /** From the built-in pack (removable and restorable) or the user's own list (deletable). */
  origin: 'pack' | 'own';
  /** False for a pack entry the user removed; it is shown so it can be restored. */
  active: boolean;
  /** For a pack entry the user gave another category: the pack's own, to restore. */
  packCategory?: Category;
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
  settings: Pick<Settings, 'packId' | 'customTargets' | 'removedTargetIds'> &
    Partial<Pick<Settings, 'categoryOverrides'>>,
): CategoryGroup[] {
  const removed = new Set(settings.removedTargetIds);
  const overrides = settings.categoryOverrides ?? {};
  const pack = settings.packId === 'none' ? [] : (getPack(settings.packId)?.targets ?? []);
  const seen = new Set<string>();
  const rows: TargetRow[] = [];
  for (const target of pack) {
    if (seen.has(target.id)) continue;
    seen.add(target.id);
    const chosen = Object.hasOwn(overrides, target.id) ? overrides[target.id] : undefined;
    rows.push(
      chosen && chosen !== target.category
        ? {
            target: { ...target, category: chosen },
            origin: 'pack',
            active: !removed.has(target.id),
            packCategory: target.category,
          }
        : { target, origin: 'pack', active: !removed.has(target.id) },
    );
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

/**
 * Settings change that puts a target in another category: an own site is changed in place, a pack
 * entry gets an override (dropped when it is the pack's own category again).
 */
export function categoryChange(
  settings: Pick<Settings, 'customTargets' | 'categoryOverrides'>,
  row: TargetRow,
  category: Category,
): Partial<Settings> {
  const id = row.target.id;
  if (row.origin === 'own') {
    return {
      customTargets: settings.customTargets.map((t) => (t.id === id ? { ...t, category } : t)),
    };
  }
  const { [id]: _previous, ...others } = settings.categoryOverrides;
  const packCategory = row.packCategory ?? row.target.category;
  return { categoryOverrides: category === packCategory ? others : { ...others, [id]: category } };
}

/** Settings change that gives a pack entry its pack's category back. */
export function restoreCategoryChange(
  settings: Pick<Settings, 'categoryOverrides'>,
  id: string,
): Partial<Settings> {
  const { [id]: _previous, ...others } = settings.categoryOverrides;
  return { categoryOverrides: others };
}
