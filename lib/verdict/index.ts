export type * from './types';
export { classify, RULES, type ClassifyContext } from './classify';
export type { EvidenceCode } from './evidence';
export { netErrorFamily, bareNetError, type NetErrorFamily } from '../net';
export { isBogon } from './bogon';
export { INTERCEPTION_CAS, LOCAL_INSPECTION_CAS } from './interception';
export { THROTTLE_BPS, THROTTLE_MIN_BYTES, SLOW_BODY_MS } from './thresholds';
