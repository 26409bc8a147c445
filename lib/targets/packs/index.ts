import type { TargetPack } from '../pack';
import type { Category, Target } from '../types';
import { byPack } from './by';
import { globalPack } from './global';
import { kzPack } from './kz';
import { ruPack } from './ru';

/** Kazakhstan first: the case Vantage was built for, and the default for new installs. */
export const DEFAULT_PACK_ID = 'kz';

const SHIPPED: readonly TargetPack[] = [kzPack, ruPack, byPack, globalPack];

/**
 * A pack's contents as a signed data bundle carries them (lib/data-bundle/packs.ts checks them
 * before they get here): the list that replaces the shipped one of the same id. The id, name and
 * country stay the shipped pack's — a bundle changes which sites a region checks, not which
 * regions exist, so every pack still has its words in every language and its OONI country.
 */
export interface PackUpdate {
  /** Where a reader can check why each site is in the pack; the shipped sources when absent. */
  sources?: readonly string[];
  targets: readonly { url: string; name: string; category: Category }[];
}

// The packs in force: the shipped ones, each replaced by the installed bundle's when it has one.
// Held in memory so getPack stays synchronous for its callers; lib/data-bundle/in-force.ts sets
// it when a context starts and whenever the installed bundle changes.
let inForce: readonly TargetPack[] = SHIPPED;

/** Use these packs (from the installed data bundle) over the shipped ones; undefined: shipped only. */
export function setBundlePacks(updates: Readonly<Record<string, PackUpdate>> | undefined): void {
  inForce = SHIPPED.map((pack) => {
    const update = updates && Object.hasOwn(updates, pack.id) ? updates[pack.id] : undefined;
    return update ? fromUpdate(pack, update) : pack;
  });
}

function fromUpdate(shipped: TargetPack, update: PackUpdate): TargetPack {
  const targets: Target[] = update.targets.map(({ url, name, category }) =>
    Object.freeze({ id: url, url, name, category, source: 'pack' as const }),
  );
  return Object.freeze({
    ...shipped,
    sources: Object.freeze([...(update.sources ?? shipped.sources)]),
    targets: Object.freeze(targets),
  });
}

/** Every pack, in the order the options page offers them (a bundle's contents where it has some). */
export function listPacks(): readonly TargetPack[] {
  return inForce;
}

/** The packs as this release shipped them, whatever bundle is installed (the bundle maker's source). */
export function shippedPacks(): readonly TargetPack[] {
  return SHIPPED;
}

/** The pack with this id, or undefined (settings.packId may be 'none' or a removed pack). */
export function getPack(id: string): TargetPack | undefined {
  return inForce.find((pack) => pack.id === id);
}
