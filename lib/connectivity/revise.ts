import type { Evidence, SubKind, Verdict } from '../verdict/types';
import { behindCaptivePortal } from './captive';
import { reached } from './reachability';
import type { CaptiveCheckResult, TargetResult } from './types';

/**
 * Verdicts one site cannot reach alone, decided once the whole run is in.
 * Pure: the run's results and its captive-portal check in, the verdicts to keep out, same order.
 */
export function reviseVerdicts(results: readonly TargetResult[], captive?: CaptiveCheckResult): Verdict[] {
  const portal = behindCaptivePortal(captive);
  if (portal) return results.map((result) => notCheckedBehindPortal(result.verdict, portal.evidence));
  return corroborateAcrossSites(results);
}

/**
 * Behind a captive portal every site answers with the portal's page (or its certificate), so no
 * site was really checked: not accessible (that was the portal), not TLS (that was its certificate).
 */
function notCheckedBehindPortal(original: Verdict, portal: Evidence[]): Verdict {
  return {
    blocking: 'inconclusive',
    subKind: 'inconclusive/captive-portal',
    confidence: 'likely',
    evidence: [
      { code: 'captive-portal', detail: 'not checked: sign in to the network first' },
      ...portal,
      ...original.evidence,
    ],
  };
}

/** An ambiguous failure, and what it becomes when other sites fail the same way. */
const AMBIGUOUS: Partial<Record<SubKind, { blocking: Verdict['blocking']; subKind: SubKind; what: string }>> =
  {
    'inconclusive/refused': { blocking: 'tcp_ip', subKind: 'tcp_ip/refused', what: 'refused the connection' },
    'inconclusive/cert-mismatch': {
      blocking: 'tls',
      subKind: 'tls/cert-mismatch',
      what: 'presented a certificate for another name',
    },
  };

/** This many sites failing the same ambiguous way, while others answer, is a pattern, not chance. */
const SAME_FAILURE_MIN_SITES = 3;

/**
 * One refused connection is a dead server as often as a block; three sites refusing in one run
 * while others answer is the network. Only ambiguous verdicts are upgraded, and only to possible.
 */
function corroborateAcrossSites(results: readonly TargetResult[]): Verdict[] {
  const anyReached = results.some(reached);
  return results.map(({ verdict }) => {
    const upgrade = AMBIGUOUS[verdict.subKind];
    if (!upgrade || !anyReached) return verdict;
    const same = results.filter((r) => r.verdict.subKind === verdict.subKind).length;
    if (same < SAME_FAILURE_MIN_SITES) return verdict;
    return {
      ...verdict,
      blocking: upgrade.blocking,
      subKind: upgrade.subKind,
      confidence: 'possible',
      evidence: [
        ...verdict.evidence.filter((e) => e.code !== 'ambiguous'),
        {
          code: 'same-failure-elsewhere',
          detail: `${same} sites in this run ${upgrade.what} while others answered`,
        },
      ],
    };
  });
}
