import type { TargetPack } from '../pack';
import { byPack } from './by';
import { globalPack } from './global';
import { kzPack } from './kz';
import { ruPack } from './ru';

/** Kazakhstan first: the case Vantage was built for, and the default for new installs. */
export const DEFAULT_PACK_ID = 'kz';

const PACKS: readonly TargetPack[] = [kzPack, ruPack, byPack, globalPack];

/** Every built-in pack, in the order the options page offers them. */
export function listPacks(): readonly TargetPack[] {
  return PACKS;
}

/** The pack with this id, or undefined (settings.packId may be 'none' or a removed pack). */
export function getPack(id: string): TargetPack | undefined {
  return PACKS.find((pack) => pack.id === id);
}
