import type { Observation } from '../probe/types';
import type { Category, Target } from '../targets/types';
import type { ConnectionState, Evidence, Verdict } from '../verdict/types';

/** One target of a run: what was seen and what we concluded. */
export interface TargetResult {
  target: Target;
  verdict: Verdict;
  observation?: Observation;
}

/** What one rule of the connection assessment concludes, with the evidence for it. */
export interface Finding {
  state: ConnectionState;
  evidence: Evidence[];
}

/** lib/probe's captive-portal check (CaptiveCheck), reduced to what the assessment reads. */
export interface CaptiveCheckResult {
  /** True when the check URL answered exactly as it does without a portal (204). */
  ok: boolean;
  status?: number;
  redirectedTo?: string;
  netError?: string;
}

export interface ConnectionInput {
  results: readonly TargetResult[];
  captiveCheck?: CaptiveCheckResult;
  /** Did any DNS-over-HTTPS resolver answer during the run? Derived from the observations when absent. */
  dohReachable?: boolean;
}

export interface ConnectionAssessment {
  state: ConnectionState;
  /** Categories with at least one blocked site (see blockedCategories in assess.ts), in CATEGORIES order. */
  blockedCategories: Category[];
  evidence: Evidence[];
  /** Some site's certificate came from a root the browser does not ship: interception. */
  intercepted?: boolean;
}

/** One period in the outage log; the same shape as lib/db's OutageRecord. */
export interface OutageEntry {
  id?: number;
  state: ConnectionState;
  start: number;
  end?: number;
}
