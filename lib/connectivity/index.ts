export type * from './types';
export { assessConnection } from './assess';
export { recordTransition } from './transitions';
export {
  categoryHeadline,
  connectionSpeaksForSites,
  summarizeCategories,
  type CategoryHeadline,
  type CategorySummary,
} from './category-summary';
export { reviseVerdicts } from './revise';
