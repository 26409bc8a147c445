import { isIpv4 } from '../bogon';
import { evidence, verdict } from '../evidence';
import type { Facts } from '../facts';
import { dohEvidence, netErrorEvidence } from './common';

/**
 * The local answer and the DoH answers share no address: the refusal came from somewhere the name
 * should not lead. (DNS answers that agree, or none to compare, corroborate nothing.)
 */
function localAnswerDisagrees(f: Facts): boolean {
  // DoH is asked for A records only: an IPv6 answer proves nothing.
  const local = f.localAddresses.filter(isIpv4);
  return (
    !f.hostIsIp &&
    local.length > 0 &&
    f.doh.withAddresses.length > 0 &&
    f.doh.agree &&
    !local.some((ip) => f.doh.addresses.has(ip))
  );
}

/**
 * The connection was refused. From a browser a refusal looks the same whether the server is down
 * or a censor refuses for it, so alone it is inconclusive, said in words; it becomes a TCP/IP block
 * when something corroborates it — here, a local DNS answer none of the resolvers give; across the
 * run, other sites refused the same way (lib/connectivity/revise.ts).
 */
export function connectionRefused(f: Facts) {
  if (f.family !== 'refused') return undefined;
  if (localAnswerDisagrees(f)) {
    const list = [...f.doh.addresses].slice(0, 4).join(', ');
    return verdict('tcp_ip', 'tcp_ip/refused', 'likely', [
      ...netErrorEvidence(f),
      evidence(
        'ip-mismatch',
        `the local resolver gave ${f.localAddresses.join(', ')}; the resolvers give ${list}`,
      ),
      ...dohEvidence(f),
    ]);
  }
  return verdict('inconclusive', 'inconclusive/refused', 'possible', [
    ...netErrorEvidence(f),
    evidence('ambiguous', 'the site refused the connection: it may be down, or blocked by address'),
    ...dohEvidence(f),
  ]);
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
