// What Vantage tests: built-in packs, the user's own list, and lists imported from Citizen Lab
// CSV files or fetched from OONI's API.
export type { Category, Target } from './types';
export { CATEGORIES } from './types';
export { DEFAULT_PACK_ID, getPack, listPacks, setBundlePacks, shippedPacks, type PackUpdate } from './packs';
export { hostOf, nameForUrl, normaliseTargetUrl } from './url';
export { addTarget, mergeTargets, removeTarget } from './edit';
export { countryFromFileName } from './citizenlab-category';
export type { ImportError } from './csv-import';
export { parseTestListCsv } from './csv-import';
export type { FetchLike, OoniTestListResult } from './ooni-test-list';
export { fetchOoniTestList } from './ooni-test-list';
export { MAX_TARGETS, mergeWithinCap } from './limits';
export { isSpecialUseUrl, specialUseOf } from './special-use';
export { cleanNotes } from './notes';
export type { UrlProblem } from './url';
