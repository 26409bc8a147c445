export type * from './types';
export { assessConnection } from './assess';
export { recordTransition } from './transitions';
export { blockedCategories } from './blocked-categories';
export { dohReachableIn, isBlocking, reached } from './reachability';
export {
  categoryHeadline,
  connectionSpeaksForSites,
  summarizeCategories,
  type CategoryHeadline,
  type CategorySummary,
  type SiteSummary,
} from './category-summary';
export { reviseVerdicts } from './revise';
