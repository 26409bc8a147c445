export { ALL_CARDS } from './cards';
export { parseAdviceFacts, setAdviceFacts, shippedAdviceFacts, type AdviceFacts } from './facts';
export { adviceForConnection, adviceForSite, splitRepeats, wantsAlternatives } from './rules';
export type { AdviceCard, AdviceLink, SiteSituation } from './types';
export {
  archiveLinks,
  findAlternatives,
  isMirrorList,
  parseMirrorList,
  safeAlternativeUrl,
  type Alternative,
  type MirrorList,
} from './mirrors';
export {
  loadMirrorList,
  refreshMirrors,
  MIRRORS_KEY,
  type KeyValueStore,
  type RefreshResult,
} from './mirror-store';
