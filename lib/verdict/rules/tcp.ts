import { verdict } from '../evidence';
import type { Facts } from '../facts';
import { dohEvidence, netErrorEvidence } from './common';

/** The connection was refused. Servers go down too, so only possible. */
export function connectionRefused(f: Facts) {
  if (f.family !== 'refused') return undefined;
  return verdict('tcp_ip', 'tcp_ip/refused', 'possible', [...netErrorEvidence(f), ...dohEvidence(f)]);
}

/**
 * Nothing came back before the timeout (ERR_CONNECTION_TIMED_OUT, ERR_TIMED_OUT,
 * ERR_ADDRESS_UNREACHABLE, or our own timeout before the first byte). A blackholed address looks
 * exactly like a dead server from one vantage point, so only possible; the connection assessment
 * weighs it against the other sites.
 */
export function noAnswerBeforeTimeout(f: Facts) {
  const timedOut = f.family === 'timeout' || (f.kind === 'timeout' && (!f.family || f.family === 'aborted'));
  if (!timedOut || f.responded) return undefined;
  return verdict('tcp_ip', 'tcp_ip/timeout', 'possible', [...netErrorEvidence(f), ...dohEvidence(f)]);
}

/** A connection attempt failed without a more specific reason (ERR_CONNECTION_FAILED). */
export function connectionFailed(f: Facts) {
  if (f.family !== 'connect-failed' || f.responded) return undefined;
  return verdict('tcp_ip', 'tcp_ip/connect-failed', 'possible', [...netErrorEvidence(f), ...dohEvidence(f)]);
}
