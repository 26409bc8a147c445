import { evidence } from '../evidence';
import { netErrorFamily } from '../../net';
import type { Facts } from '../facts';
import type { Evidence, Verdict } from '../types';

/** A rule names one behaviour; it answers with a verdict, or undefined to let the next rule try. */
export type Rule = (facts: Facts) => Verdict | undefined;

export function netErrorEvidence(f: Facts): Evidence[] {
  const http = f.obs.http;
  if (f.kind === 'timeout' && (!f.netError || f.family === 'aborted')) {
    const waited = Math.round(http.timing.endMs / 100) / 10;
    return [evidence('fetch-timeout', `no complete answer within ${waited} s`)];
  }
  if (f.netError) {
    const raw = http.error?.netError ?? f.netError;
    return [evidence('net-error', `fetch failed with ${raw}`)];
  }
  if (http.error) return [evidence('net-error', `fetch failed: ${http.error.message}`)];
  return [];
}

export function dohEvidence(f: Facts): Evidence[] {
  const { doh } = f;
  if (doh.withAddresses.length > 0) {
    const list = [...doh.addresses].slice(0, 4).join(', ');
    const n = doh.withAddresses.length;
    return [
      evidence(
        'doh-addresses',
        `${n} DNS-over-HTTPS resolver${n > 1 ? 's' : ''} returned ${list} for ${f.host}`,
      ),
    ];
  }
  if (doh.nxdomain > 0) {
    return [evidence('doh-nxdomain', `DNS-over-HTTPS resolvers say ${f.host} does not exist (NXDOMAIN)`)];
  }
  if (doh.answered.length > 0) {
    const codes = [...new Set(doh.answered.map((d) => d.rcode ?? 'no code'))].join(', ');
    return [
      evidence('doh-no-address', `DNS-over-HTTPS resolvers answered ${codes} with no address for ${f.host}`),
    ];
  }
  if (f.obs.dns.some((d) => d.via !== 'system')) {
    return [evidence('doh-unreachable', 'no DNS-over-HTTPS resolver could be reached')];
  }
  return [];
}

export function sniControlEvidence(f: Facts): Evidence[] {
  const control = f.obs.sniControl;
  if (!control) {
    return [evidence('sni-control-missing', 'no resolved address to retry without the name (SNI)')];
  }
  if (control.handshakeReached) {
    return [
      evidence(
        'sni-control-handshake',
        `${control.ip} completes a TLS handshake when the name is left out (no SNI)`,
      ),
    ];
  }
  if (controlRanOutOfTime(control)) {
    return [
      evidence(
        'sni-control-unfinished',
        `the retry of ${control.ip} without the name (no SNI) did not finish in time, so it cannot tell a filter reading the name from a blocked address`,
      ),
    ];
  }
  const why = control.netError ? ` (${control.netError})` : '';
  return [evidence('sni-control-failed', `${control.ip} fails without the name (no SNI) too${why}`)];
}

/**
 * The control without SNI ended by our own deadline (the browser says only "aborted"), or the
 * browser never said how it ended (no webRequest error arrived): either way nothing the network
 * did was seen, so it is read as no control at all. On a busy browser its connection can wait in the
 * socket pool past the deadline (docs/benchmarks.md, #13 item 9), so this is no sign that the
 * address is blocked: a reset of the named request must not become tcp_ip because of it.
 */
export function controlRanOutOfTime(control: { handshakeReached: boolean; netError?: string }): boolean {
  if (control.handshakeReached) return false;
  return control.netError === undefined || netErrorFamily(control.netError) === 'aborted';
}
