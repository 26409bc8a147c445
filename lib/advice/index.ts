export { ALL_CARDS, CARDS, type CardName } from './cards';
export { adviceForConnection, adviceForSite, splitRepeats, wantsAlternatives } from './rules';
export type { AdviceCard, AdviceLink, AdviceSteps, ConnectionSituation, SiteSituation } from './types';
export {
  archiveLinks,
  findAlternatives,
  normalizeHost,
  parseMirrorList,
  safeAlternativeUrl,
  MAX_MIRROR_LIST_BYTES,
  type Alternative,
  type MirrorList,
  type MirrorParse,
} from './mirrors';
export {
  loadMirrorList,
  refreshMirrors,
  MIRRORS_KEY,
  type KeyValueStore,
  type RefreshResult,
  type StoredMirrors,
} from './mirror-store';
