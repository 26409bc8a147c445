export type * from './types';
export { classify } from './classify';
