export { ALL_CARDS } from './cards';
export { adviceForConnection, adviceForSite, splitRepeats, wantsAlternatives } from './rules';
export type { AdviceCard, AdviceLink, SiteSituation } from './types';
export { archiveLinks, findAlternatives, parseMirrorList, type Alternative } from './mirrors';
export { loadMirrorList, refreshMirrors, MIRRORS_KEY, type KeyValueStore } from './mirror-store';
export { isMirrorList, type MirrorList, safeAlternativeUrl } from './mirrors';
export type { RefreshResult } from './mirror-store';
