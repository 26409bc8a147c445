export type * from './types';
export { observeTarget } from './observe';
export { createNetLog, type WebRequestLike } from './net-log';
export { checkCaptivePortal, type CaptiveCheck } from './captive';
