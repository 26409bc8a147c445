import type { FingerprintMatch } from '../fingerprints';
import type { Blocking, Confidence, Evidence, SubKind, Verdict } from './types';

/**
 * Stable evidence codes: the UI translates them (public/_locales), measurements store them, so a
 * code is never renamed. `detail` is a short English fact for logs, exports and the fallback UI.
 */
export type EvidenceCode =
  | 'net-error' // the browser's error string
  | 'fetch-timeout' // our own timeout fired
  | 'fingerprint' // body/header matched a blockpage fingerprint
  | 'redirect-to-block-host' // a redirect target matched a fingerprint
  | 'known-blockpage-ip' // connected to / resolved to an address in OONI's DNS fingerprints
  | 'ip-mismatch' // connected address is none of the DoH resolvers' addresses
  | 'bogon-answer' // a private/reserved address for a public name
  | 'doh-addresses' // DoH resolvers returned addresses for the name
  | 'doh-nxdomain' // DoH resolvers say the name does not exist
  | 'doh-no-address' // DoH resolvers answered without an address
  | 'doh-unreachable' // no DoH resolver answered
  | 'doh-disagree' // resolvers returned disjoint address sets (CDN): no mismatch check
  | 'sni-control-handshake' // the same IP completes a handshake without the name
  | 'sni-control-failed' // the same IP fails without the name too
  | 'sni-control-missing' // no address to run the control against
  | 'sni-control-unfinished' // the control ran out of our time: no sign either way
  | 'cert-error' // certificate rejected
  | 'untrusted-root' // chain ends in a root installed on this device
  | 'interception-ca' // chain names a CA known for state interception
  | 'local-tls-inspection' // chain ends in security software's root on this device
  | 'http-status' // the server answered with a non-success status
  | 'http-ok' // the server answered
  | 'status-451' // Unavailable For Legal Reasons
  | 'throughput' // the body came slowly
  | 'body-truncated' // body cut at our cap (still accessible)
  | 'redirect-loop'
  | 'offline'
  | 'aborted'
  | 'blocked-locally'
  | 'proxy-error'
  | 'no-observation'
  // what a blockpage says, and where a failure really happened
  | 'block-wording' // the page says access is restricted / the resource is blocked, in its title or opening
  | 'legal-basis' // the notice cites a court, prosecutor or ministry decision or a law article
  | 'size-drop' // a small page where this target usually serves a much bigger one
  | 'redirect-with-original-url' // redirected to another site carrying our address in its query
  | 'local-answer' // the local resolver gave an address (the browser got as far as connecting)
  | 'redirect-hop' // the request failed at a redirect to another host
  | 'ambiguous' // a single signal a broken site produces as well as a censor
  | 'same-failure-elsewhere' // other sites in the same run failed the same way
  | 'captive-portal'; // the network's sign-in page answered instead of the site

export function evidence(code: EvidenceCode, detail: string): Evidence {
  return { code, detail };
}

export function verdict(
  blocking: Blocking,
  subKind: SubKind,
  confidence: Confidence,
  facts: Evidence[],
  fingerprint?: string,
): Verdict {
  return { blocking, subKind, confidence, evidence: facts, ...(fingerprint ? { fingerprint } : {}) };
}

export function fingerprintEvidence(match: FingerprintMatch): Evidence {
  const where = match.countries.length ? ` (${match.countries.join(', ')})` : '';
  if (match.location === 'header.location') {
    return evidence(
      'redirect-to-block-host',
      `redirected to ${match.value ?? 'a block host'}, a known block host: ${match.name}${where}`,
    );
  }
  const part = match.location === 'body' ? 'page' : `${match.location.replace('header.', '')} header`;
  return evidence('fingerprint', `the ${part} matches blockpage fingerprint ${match.name}${where}`);
}

export function kib(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(bytes < 10240 ? 1 : 0)} KB`;
}

export function rate(bytesPerSecond: number): string {
  return `${(bytesPerSecond / 1024).toFixed(1)} KB/s`;
}
