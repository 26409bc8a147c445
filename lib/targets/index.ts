// What Vantage tests: built-in packs, the user's own list, and lists imported from Citizen Lab
// CSV files or fetched from OONI's API.
export type { Category, Target } from './types';
export { CATEGORIES } from './types';
export type { TargetPack, PackEntry } from './pack';
export { DEFAULT_PACK_ID, getPack, listPacks } from './packs';
export type { NormalisedUrl, UrlProblem } from './url';
export { hostOf, nameForUrl, normaliseTargetUrl } from './url';
export type { AddTargetResult, NewTarget } from './edit';
export { addTarget, mergeTargets, removeTarget } from './edit';
export { categoryFromCitizenLab, countryFromFileName } from './citizenlab-category';
export type { ImportError, TestListImport, TestListOptions } from './csv-import';
export { parseTestListCsv } from './csv-import';
export type { FetchLike, OoniTestListRequest, OoniTestListResult } from './ooni-test-list';
export { DEFAULT_OONI_LIMIT, fetchOoniTestList } from './ooni-test-list';
export { MAX_TARGETS, mergeWithinCap } from './limits';
export type { CappedMerge } from './limits';
export type { SpecialUse } from './special-use';
export { SPECIAL_USE_SUFFIXES, isSpecialUseUrl, specialUseOf } from './special-use';
