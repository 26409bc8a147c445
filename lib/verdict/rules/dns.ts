import { isBogon, isIpv4 } from '../bogon';
import { evidence, fingerprintEvidence, verdict } from '../evidence';
import type { Facts } from '../facts';
import type { Evidence } from '../types';
import { dohEvidence, netErrorEvidence } from './common';

function looksFine(f: Facts): boolean {
  return !f.obs.http.error && f.status !== undefined && f.status >= 200 && f.status < 400;
}

function mismatchEvidence(f: Facts): Evidence {
  const list = [...f.doh.addresses].slice(0, 4).join(', ');
  return evidence('ip-mismatch', `connected to ${f.connectedIp}, none of the resolvers' addresses (${list})`);
}

/** The name led to an address OONI knows serves blockpages or poisoned answers. */
export function knownBlockpageAddress(f: Facts) {
  const match = f.ipFingerprint;
  if (!match) return undefined;
  const where = match.countries.length ? ` (${match.countries.join(', ')})` : '';
  return verdict(
    'dns',
    'dns/known-blockpage-ip',
    match.confidence,
    [
      evidence('known-blockpage-ip', `${match.value} is a known blockpage address: ${match.name}${where}`),
      ...(f.blockpage ? [fingerprintEvidence(f.blockpage)] : []),
      ...dohEvidence(f),
      ...netErrorEvidence(f),
    ],
    match.name,
  );
}

/**
 * The browser connected to an address none of the (mutually agreeing) DoH resolvers gave.
 * With a blockpage on it that is DNS tampering, confirmed. Without one it may be a CDN answering
 * by location, so: possible when the page failed; a working page stays accessible (with a note,
 * added by the accessible rule); a certificate for another name on that address is likely.
 */
export function addressNotFromResolvers(f: Facts) {
  if (!f.ipMismatch) return undefined;
  if (f.blockpage) {
    return verdict(
      'dns',
      'dns/mismatch',
      'confirmed',
      [mismatchEvidence(f), fingerprintEvidence(f.blockpage), ...dohEvidence(f)],
      f.blockpage.name,
    );
  }
  // A page that reads as a block notice, from an address DoH does not give: the notice is one
  // fact, the address another — DNS tampering, one step surer than the notice alone.
  const notice = f.blockNotice;
  if (notice && notice.signals.some((signal) => signal.code === 'block-wording')) {
    return verdict('dns', 'dns/mismatch', notice.confidence === 'possible' ? 'likely' : 'confirmed', [
      mismatchEvidence(f),
      ...notice.signals.map((signal) => evidence(signal.code, signal.detail)),
      ...dohEvidence(f),
    ]);
  }
  // A bogon is the bogon rule's (a stronger sign); a page that works stays accessible (with a
  // note); an untrusted root is the TLS rule's to explain.
  if ((isBogon(f.connectedIp!) && !f.doh.anyBogon) || looksFine(f)) return undefined;
  if (f.family === 'cert-authority' || f.family === 'cert-known-interception') return undefined;
  const wrongCertificate = f.family === 'cert-name';
  const status =
    f.status !== undefined && !f.obs.http.error
      ? [evidence('http-status', `server answered HTTP ${f.status}`)]
      : [];
  return verdict('dns', 'dns/mismatch', wrongCertificate ? 'likely' : 'possible', [
    mismatchEvidence(f),
    ...netErrorEvidence(f),
    ...status,
    ...dohEvidence(f),
  ]);
}

/**
 * The local resolver gave a private or reserved address (0.0.0.0, 10.x, 127.x …) for a public
 * name that the DoH resolvers resolve to public addresses. Only when the DoH answers are not
 * bogons themselves: in the test lab every name is 127.x, and that is no block.
 */
export function bogonAnswer(f: Facts) {
  if (f.hostIsIp || f.doh.withAddresses.length === 0 || f.doh.anyBogon) return undefined;
  const bogon = f.localAddresses.find((ip) => isBogon(ip) && !f.doh.addresses.has(ip));
  if (!bogon) return undefined;
  return verdict('dns', 'dns/bogon', 'likely', [
    evidence('bogon-answer', `${f.host} resolved locally to ${bogon}, a private or reserved address`),
    ...dohEvidence(f),
    ...netErrorEvidence(f),
  ]);
}

/**
 * The browser could not resolve the name (ERR_NAME_NOT_RESOLVED, NS_ERROR_UNKNOWN_HOST).
 * Resolvers that do know it → the local DNS hides it (confirmed when two or more say so).
 * Resolvers that say NXDOMAIN too → the name is gone, not blocked. No resolver → can't tell.
 */
export function nameNotResolved(f: Facts) {
  if (f.family !== 'name-not-resolved') return undefined;
  if (f.redirectedAway) {
    // No DoH answer for the hop (older measurements, or the resolvers were unreachable).
    // The name that failed is the redirect target's; the resolvers were asked about ours.
    return verdict('http-failure', 'http-failure/redirect-failed', 'possible', netErrorEvidence(f));
  }
  const facts = [...netErrorEvidence(f), ...dohEvidence(f)];
  const knowing = f.doh.withAddresses.length;
  if (knowing >= 2) return verdict('dns', 'dns/nxdomain', 'confirmed', facts);
  if (knowing === 1) return verdict('dns', 'dns/nxdomain', 'likely', facts);
  if (f.doh.nxdomain > 0) return verdict('down', 'down/nxdomain', 'likely', facts);
  if (f.doh.answered.some((d) => d.rcode === 'NOERROR')) {
    return verdict('down', 'down/no-address', 'possible', facts);
  }
  return verdict('inconclusive', 'inconclusive/dns-unverified', 'possible', facts);
}

/** Failures that happen after the name resolved: the browser had an address to connect to. */
function failedAfterResolving(f: Facts): boolean {
  if (f.responded) return false;
  const timedOut = f.kind === 'timeout' && (!f.family || f.family === 'aborted');
  return (
    timedOut ||
    ['refused', 'reset', 'timeout', 'connect-failed', 'closed', 'tls-handshake'].includes(f.family ?? '')
  );
}

/**
 * The local resolver gave an address for a name the DoH resolvers say does not exist, and the
 * connection then failed. The failure is the consequence; the lie is the DNS answer (a censor
 * answering for names it wants dead, pointing them at a sinkhole). It used to be
 * called tcp_ip with 'doh-nxdomain' in its own evidence; stored measurements may still say so.
 */
export function addressForMissingName(f: Facts) {
  if (f.hostIsIp || f.redirectedAway || !failedAfterResolving(f)) return undefined;
  if (f.doh.withAddresses.length > 0 || f.doh.nxdomain === 0) return undefined;
  const where = f.localAddresses.length ? ` (${f.localAddresses.join(', ')})` : '';
  return verdict('dns', 'dns/fake-address', f.doh.nxdomain >= 2 ? 'confirmed' : 'likely', [
    evidence(
      'local-answer',
      `the local resolver gave an address for ${f.host}${where}: the browser tried to connect`,
    ),
    ...dohEvidence(f),
    ...netErrorEvidence(f),
  ]);
}

/**
 * The site redirected to another host and the request failed there. The hop's own name was asked
 * of the DoH resolvers (lib/probe/observe.ts): if they know it while the local resolver does not,
 * or they give other addresses than the one connected to, the network hides the hop; if they say
 * it does not exist either, the site redirects to nowhere — its problem, not a block.
 */
export function redirectTargetHidden(f: Facts) {
  if (!f.redirectedAway || !f.hopHost || !f.hopDoh || f.responded) return undefined;
  const hop = f.hopDoh;
  const hopFact = evidence('redirect-hop', `the site redirected to ${f.hopHost}, where the request failed`);
  const hopDohFact = (): Evidence => {
    if (hop.withAddresses.length > 0) {
      const list = [...hop.addresses].slice(0, 4).join(', ');
      return evidence('doh-addresses', `DNS-over-HTTPS resolvers returned ${list} for ${f.hopHost}`);
    }
    return evidence('doh-nxdomain', `DNS-over-HTTPS resolvers say ${f.hopHost} does not exist (NXDOMAIN)`);
  };
  if (f.family === 'name-not-resolved') {
    const knowing = hop.withAddresses.length;
    if (knowing > 0) {
      return verdict('dns', 'dns/redirect-target', knowing >= 2 ? 'confirmed' : 'likely', [
        hopFact,
        ...netErrorEvidence(f),
        hopDohFact(),
      ]);
    }
    if (hop.nxdomain > 0) {
      return verdict('down', 'down/redirect-target-gone', 'likely', [
        hopFact,
        ...netErrorEvidence(f),
        hopDohFact(),
      ]);
    }
    return undefined;
  }
  const steered =
    f.lastIp !== undefined &&
    isIpv4(f.lastIp) &&
    hop.withAddresses.length > 0 &&
    hop.agree &&
    !hop.addresses.has(f.lastIp);
  if (!steered || !failedAfterResolving(f)) return undefined;
  return verdict('dns', 'dns/redirect-target', 'possible', [
    hopFact,
    evidence('ip-mismatch', `connected to ${f.lastIp} for ${f.hopHost}, none of the resolvers' addresses`),
    ...netErrorEvidence(f),
    hopDohFact(),
  ]);
}
