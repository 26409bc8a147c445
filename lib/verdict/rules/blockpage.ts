import { evidence, fingerprintEvidence, verdict } from '../evidence';
import type { Facts } from '../facts';
import { netErrorEvidence } from './common';

/**
 * The page, a header or a redirect target matches a blockpage fingerprint. A redirect to a block
 * host counts even when fetching the block host then failed (it often is unreachable itself).
 */
export function blockpageFingerprint(f: Facts) {
  const match = f.blockpage;
  if (!match) return undefined;
  const subKind =
    match.location === 'header.location'
      ? 'http-blockpage/redirect-to-block-host'
      : 'http-blockpage/fingerprint';
  const status = f.status !== undefined ? [evidence('http-status', `server answered HTTP ${f.status}`)] : [];
  return verdict(
    'http-blockpage',
    subKind,
    match.confidence,
    [fingerprintEvidence(match), ...status, ...netErrorEvidence(f)],
    match.name,
  );
}

/** HTTP 451 Unavailable For Legal Reasons (RFC 7725): blocked by law, by the network or by the site. */
export function unavailableForLegalReasons(f: Facts) {
  if (f.status !== 451) return undefined;
  return verdict('http-blockpage', 'http-blockpage/status-451', 'likely', [
    evidence('status-451', 'server answered HTTP 451 Unavailable For Legal Reasons'),
  ]);
}
