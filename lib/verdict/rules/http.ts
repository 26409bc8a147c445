import { evidence, kib, verdict } from '../evidence';
import type { Facts } from '../facts';
import { netErrorEvidence } from './common';

/**
 * Redirects that never end (redirect-loop, too-many-redirects, ERR_TOO_MANY_REDIRECTS): the site's
 * own configuration (a cookie it cannot set, http↔https or www↔bare ping-pong), not a censor —
 * a censor that wants a site gone answers once, with a blockpage or a failure.
 */
export function redirectLoop(f: Facts) {
  const loop = f.kind === 'redirect-loop' || f.kind === 'too-many-redirects' || f.family === 'redirect-loop';
  if (!loop) return undefined;
  const hops = f.obs.http.redirects.length;
  const seen = hops > 0 ? `redirected ${hops} times` : 'kept redirecting';
  return verdict('down', 'down/redirect-loop', 'likely', [
    evidence(
      'redirect-loop',
      `${seen} without reaching a page: the site's own redirects go round in a circle`,
    ),
    ...netErrorEvidence(f),
  ]);
}

/**
 * The answer was not valid HTTP, or a plain-HTTP connection closed with nothing (the censor
 * dropping the request after reading the Host header is one cause; broken servers are another).
 */
export function brokenResponse(f: Facts) {
  const emptyOnHttp = f.family === 'closed' && !f.https && !f.responded;
  if (f.family !== 'broken-response' && !emptyOnHttp) return undefined;
  const subKind = emptyOnHttp ? 'http-failure/empty-response' : 'http-failure/broken-response';
  return verdict('http-failure', subKind, 'possible', netErrorEvidence(f));
}

/** The response started but the body broke off (reset or closed mid-transfer), before our timeout. */
export function bodyInterrupted(f: Facts) {
  if (!f.responded || !f.obs.http.error || f.kind === 'timeout') return undefined;
  return verdict('http-failure', 'http-failure/body-interrupted', 'possible', [
    ...netErrorEvidence(f),
    evidence(
      'http-status',
      `server answered HTTP ${f.status}, then the body stopped after ${kib(f.obs.http.bodyBytes)}`,
    ),
  ]);
}
