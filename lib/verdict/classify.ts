import { shippedFingerprints, type FingerprintMatcher } from '../fingerprints';
import type { Observation } from '../probe/types';
import { gatherFacts } from './facts';
import { serverAnswered, unexplained } from './rules/accessible';
import { blockNoticeByMeaning, blockpageFingerprint, unavailableForLegalReasons } from './rules/blockpage';
import type { Rule } from './rules/common';
import {
  addressForMissingName,
  addressNotFromResolvers,
  bogonAnswer,
  knownBlockpageAddress,
  nameNotResolved,
  redirectTargetHidden,
} from './rules/dns';
import { bodyInterrupted, brokenResponse, redirectLoop } from './rules/http';
import { blockedOnThisDevice, cancelledRequest, offlineDevice } from './rules/local';
import { connectionFailed, connectionRefused, noAnswerBeforeTimeout } from './rules/tcp';
import { slowTransfer, stalledAfterFirstByte } from './rules/throttle';
import {
  certificateForAnotherName,
  handshakeFailure,
  otherCertificateError,
  resetDuringHandshake,
  timeoutAfterClientHello,
  untrustedRoot,
} from './rules/tls';
import type { Verdict } from './types';

export interface ClassifyContext {
  /** Blockpage fingerprints to match; the shipped dataset when absent. */
  fingerprints?: FingerprintMatcher;
  /** Median body size of this target's earlier working measurements (lib/run), when known. */
  usualBodyBytes?: number;
}

/**
 * The rules in the order they are asked; the first that answers decides. Order carries meaning:
 * a device that is offline says nothing about the site; a blockpage or a known blockpage address
 * outranks the failure that came with it; the browser's own error comes before a timeout we
 * imposed; a working page is judged last, for speed, then for status.
 */
const RULES: readonly Rule[] = [
  offlineDevice,
  cancelledRequest,
  blockedOnThisDevice,
  knownBlockpageAddress,
  addressNotFromResolvers,
  blockpageFingerprint,
  blockNoticeByMeaning,
  bogonAnswer,
  addressForMissingName,
  redirectTargetHidden,
  nameNotResolved,
  untrustedRoot,
  resetDuringHandshake,
  timeoutAfterClientHello,
  handshakeFailure,
  certificateForAnotherName,
  otherCertificateError,
  connectionRefused,
  stalledAfterFirstByte,
  noAnswerBeforeTimeout,
  connectionFailed,
  redirectLoop,
  brokenResponse,
  bodyInterrupted,
  unavailableForLegalReasons,
  slowTransfer,
  serverAnswered,
];

/** Evidence in, verdict out: what one observation says about one site. Pure. */
export function classify(obs: Observation, ctx: ClassifyContext = {}): Verdict {
  const facts = gatherFacts(obs, ctx.fingerprints ?? shippedFingerprints(), {
    usualBodyBytes: ctx.usualBodyBytes,
  });
  for (const rule of RULES) {
    const verdict = rule(facts);
    if (verdict) return verdict;
  }
  return unexplained(facts);
}
