/**
 * What every fetcher shares: the capped body reader, charset decoding and the browser's error
 * strings. A leaf: it imports nothing from the rest of lib/, so the probe, the verdict rules,
 * the library and the advice can all use it without depending on each other.
 */
export { readCapped } from './read-capped';
export { decodeBody } from './charset';
export { netErrorFamily, bareNetError, isSecurityLayerMessage, type NetErrorFamily } from './net-errors';
export { normalizeIp } from './ip';
