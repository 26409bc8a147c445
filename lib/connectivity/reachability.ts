import { netErrorFamily } from '../net';
import type { Blocking, Verdict } from '../verdict/types';
import type { TargetResult } from './types';

/** Verdicts that say the network interfered with a site (OONI's blocking kinds). */
const BLOCKING: readonly Blocking[] = ['dns', 'tcp_ip', 'tls', 'http-blockpage', 'http-failure'];

export function isBlocking(verdict: Verdict): boolean {
  return BLOCKING.includes(verdict.blocking);
}

/** The site itself answered (perhaps slowly): the path to it works. A blockpage is the censor answering. */
export function reached(result: TargetResult): boolean {
  return (
    result.verdict.blocking === 'accessible' ||
    result.verdict.blocking === 'throttled' ||
    answeredThroughInterception(result)
  );
}

/**
 * The answer came, but through someone presenting their own certificate — the browser trusts a
 * root installed on the device (Kazakhstan's national certificate, 2019–2024). The path works,
 * and everything on it can be read. (A browser that refuses such a root gets no answer at all.)
 */
function answeredThroughInterception(result: TargetResult): boolean {
  return intercepted(result) && result.observation?.http.status !== undefined;
}

export function intercepted(result: TargetResult): boolean {
  return result.verdict.subKind === 'tls/untrusted-root';
}

export function wasOffline(result: TargetResult): boolean {
  return (
    result.verdict.subKind === 'inconclusive/offline' ||
    netErrorFamily(result.observation?.http.error?.netError) === 'offline'
  );
}

/** Did any DNS-over-HTTPS resolver answer for any target? (Firefox's system resolver does not count.) */
export function dohReachableIn(results: readonly TargetResult[]): boolean {
  return results.some((r) => r.observation?.dns.some((d) => d.ok && d.via !== 'system') ?? false);
}

export function isControl(result: TargetResult): boolean {
  return result.target.category === 'control-domestic' || result.target.category === 'control-global';
}
