import { confidenceRank } from '../../fingerprints';
import { evidence, fingerprintEvidence, verdict } from '../evidence';
import type { Evidence } from '../types';
import type { Facts } from '../facts';
import { netErrorEvidence } from './common';

/**
 * The page, a header or a redirect target matches a blockpage fingerprint. A redirect to a block
 * host counts even when fetching the block host then failed (it often is unreachable itself).
 */
export function blockpageFingerprint(f: Facts) {
  const match = f.blockpage;
  if (!match) return undefined;
  // A vague fingerprint ("Об информации, информационных технологиях…") on a page whose meaning
  // says more: the meaning rule speaks, and cites the fingerprint too.
  if (f.blockNotice && confidenceRank(f.blockNotice.confidence) > confidenceRank(match.confidence)) {
    return undefined;
  }
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

/** The notice's signals as evidence, each with its own code. */
function noticeEvidence(f: Facts): Evidence[] {
  return (f.blockNotice?.signals ?? []).map((signal) => evidence(signal.code, signal.detail));
}

/**
 * No fingerprint matched, but the page reads as a block notice: its title or opening says access
 * is restricted or the resource blocked (any word order, declension, Russian, Kazakh or English),
 * perhaps citing a court or a law article; or it came by a redirect to another site carrying our
 * own address; or it is a small page where this site usually serves a big one. Each is one signal;
 * the more agree, the surer (lib/fingerprints/meaning.ts). A lone 451 is the 451 rule's.
 */
export function blockNoticeByMeaning(f: Facts) {
  const notice = f.blockNotice;
  if (!notice) return undefined;
  const codes = new Set(notice.signals.map((signal) => signal.code));
  if (codes.size === 1 && codes.has('status-451')) return undefined;
  const subKind = codes.has('block-wording')
    ? 'http-blockpage/wording'
    : 'http-blockpage/redirect-with-original-url';
  const status =
    f.status !== undefined && !codes.has('status-451')
      ? [evidence('http-status', `server answered HTTP ${f.status}`)]
      : [];
  const fingerprint = f.blockpage ? [fingerprintEvidence(f.blockpage)] : [];
  return verdict(
    'http-blockpage',
    subKind,
    notice.confidence,
    [...noticeEvidence(f), ...fingerprint, ...status, ...netErrorEvidence(f)],
    f.blockpage?.name,
  );
}
