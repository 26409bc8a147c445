export type * from './types';
export { classify } from './classify';
export { isBogon, isIpv4 } from './bogon';
