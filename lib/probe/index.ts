export type * from './types';
export { observeTarget, type ProbeDeps } from './observe';
export { observeHttp } from './http';
export { resolveOverHttps } from './doh';
export { createNetLog, type NetLog, type WebRequestLike } from './net-log';
export { checkWithoutSni, isCertificateError } from './sni-control';
export { checkCaptivePortal, type CaptiveCheck } from './captive';
