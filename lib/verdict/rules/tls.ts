import { evidence, verdict } from '../evidence';
import type { Facts } from '../facts';
import { interceptionCaIn, localInspectionCaIn, rootIssuer } from '../interception';
import { contextNotes } from './accessible';
import { controlRanOutOfTime, netErrorEvidence, sniControlEvidence } from './common';

function interceptionEvidence(f: Facts) {
  const ca = interceptionCaIn(f.obs.tls);
  const notes = contextNotes(f).filter((note) => note.code === 'ip-mismatch');
  return ca
    ? [
        evidence(
          'interception-ca',
          `the certificate chain names "${ca.name}", a CA used for state HTTPS interception (${ca.country})`,
        ),
        ...notes,
      ]
    : notes;
}

/**
 * The certificate comes from a root the browser does not trust, or Firefox shows a working page
 * whose chain ends in a root installed on this device (isBuiltInRoot false) — HTTPS interception,
 * as with Kazakhstan's national certificate. Security software that scans HTTPS itself is
 * recognised by its root and left to the accessible rule ("it's me").
 */
export function untrustedRoot(f: Facts) {
  const tls = f.obs.tls;
  const knownCa = interceptionCaIn(tls);
  if (f.family === 'cert-known-interception') {
    return verdict('tls', 'tls/untrusted-root', 'confirmed', [
      ...netErrorEvidence(f),
      evidence('cert-error', 'the browser refused a certificate from a root known to intercept HTTPS'),
      ...interceptionEvidence(f),
    ]);
  }
  if (f.family === 'cert-authority' || (f.family === 'cert-date' && knownCa)) {
    return verdict('tls', 'tls/untrusted-root', knownCa ? 'confirmed' : 'likely', [
      ...netErrorEvidence(f),
      evidence('cert-error', 'the certificate is not signed by a trusted authority'),
      ...interceptionEvidence(f),
    ]);
  }
  if (f.responded && tls?.isBuiltInRoot === false && !localInspectionCaIn(tls)) {
    const issuer = rootIssuer(tls);
    return verdict('tls', 'tls/untrusted-root', 'confirmed', [
      evidence(
        'untrusted-root',
        `the certificate chain ends in a root installed on this device, not a built-in one${issuer ? ` (issuer: ${issuer})` : ''}`,
      ),
      ...interceptionEvidence(f),
    ]);
  }
  return undefined;
}

/**
 * Reset during the handshake on HTTPS. If the same address completes a handshake when the name is
 * left out, whatever reset us was reading the name (SNI): TLS interference. If it resets without
 * the name too, the address itself is blocked. On plain HTTP a reset is a TCP-level block.
 */
export function resetDuringHandshake(f: Facts) {
  if (f.family !== 'reset' || f.responded) return undefined;
  const control = f.obs.sniControl;
  if (!f.https) return verdict('tcp_ip', 'tcp_ip/reset', 'likely', netErrorEvidence(f));
  if (control?.handshakeReached === true) {
    return verdict('tls', 'tls/reset-after-hello', 'likely', [
      ...netErrorEvidence(f),
      ...sniControlEvidence(f),
    ]);
  }
  if (control && !controlRanOutOfTime(control))
    return verdict('tcp_ip', 'tcp_ip/reset', 'likely', [...netErrorEvidence(f), ...sniControlEvidence(f)]);
  // A reset (not a refusal) means TCP connected and the first thing we sent was the ClientHello.
  // A control we gave up on says nothing about the address: as if there were none.
  return verdict('tls', 'tls/reset-after-hello', 'possible', [
    ...netErrorEvidence(f),
    ...sniControlEvidence(f),
  ]);
}

/**
 * The handshake timed out while the same address completes one without the name: Kazakhstan's
 * usual method in 2023–24 ("timing out the session after the Client Hello", OONI 2024 report).
 */
export function timeoutAfterClientHello(f: Facts) {
  const timedOut = f.family === 'timeout' || (f.kind === 'timeout' && (!f.family || f.family === 'aborted'));
  if (!timedOut || f.responded || !f.https || f.obs.sniControl?.handshakeReached !== true) return undefined;
  return verdict('tls', 'tls/timeout-after-hello', 'likely', [
    ...netErrorEvidence(f),
    ...sniControlEvidence(f),
  ]);
}

/** The TLS handshake broke (protocol error, no common cipher, connection closed mid-handshake). */
export function handshakeFailure(f: Facts) {
  const closedOnHttps = f.family === 'closed' && f.https;
  if (f.responded || (f.family !== 'tls-handshake' && !closedOnHttps)) return undefined;
  const sniBased = f.obs.sniControl?.handshakeReached === true;
  return verdict('tls', 'tls/handshake-failure', sniBased ? 'likely' : 'possible', [
    ...netErrorEvidence(f),
    ...(f.obs.sniControl ? sniControlEvidence(f) : []),
  ]);
}

/**
 * A certificate for another name: a misconfigured site (an expired alias, a CDN's default
 * certificate) or traffic steered to another server — a browser cannot tell which. Alone it is
 * inconclusive; with an interception CA in the chain it is TLS interference. A DNS answer none of
 * the resolvers give is the mismatch rule's (it runs first). Issue #13, item 5.
 */
export function certificateForAnotherName(f: Facts) {
  if (f.family !== 'cert-name') return undefined;
  const fact = evidence('cert-error', `the certificate is not valid for ${f.host}`);
  if (interceptionCaIn(f.obs.tls)) {
    return verdict('tls', 'tls/cert-mismatch', 'likely', [
      ...netErrorEvidence(f),
      fact,
      ...interceptionEvidence(f),
    ]);
  }
  return verdict('inconclusive', 'inconclusive/cert-mismatch', 'possible', [
    ...netErrorEvidence(f),
    fact,
    evidence(
      'ambiguous',
      'the certificate is for another name: the site may be misconfigured, or the connection steered elsewhere',
    ),
  ]);
}

/**
 * Other certificate problems. An expired or not-yet-valid certificate is usually the site's or
 * this device's clock, so it is inconclusive; anything else is a possible TLS interference.
 */
export function otherCertificateError(f: Facts) {
  if (f.family === 'cert-date') {
    return verdict('inconclusive', 'inconclusive/certificate-date', 'possible', [
      ...netErrorEvidence(f),
      evidence(
        'cert-error',
        "the certificate is expired or not yet valid (the site's or this device's clock)",
      ),
    ]);
  }
  if (f.family !== 'cert-invalid') return undefined;
  return verdict('tls', 'tls/cert-invalid', 'possible', [
    ...netErrorEvidence(f),
    evidence('cert-error', 'the certificate was rejected'),
  ]);
}
