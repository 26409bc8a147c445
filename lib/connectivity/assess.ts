import type { ConnectionState, Evidence } from '../verdict/types';
import { blockedCategories } from './blocked-categories';
import { behindCaptivePortal } from './captive';
import { dohReachableIn, intercepted, isControl, reached, wasOffline } from './reachability';
import type { ConnectionAssessment, ConnectionInput, Finding, TargetResult } from './types';

interface Tally {
  results: readonly TargetResult[];
  domestic: { total: number; up: number };
  global: { total: number; up: number };
  others: { total: number; up: number };
  doh: boolean;
}

function count(results: readonly TargetResult[]) {
  return { total: results.length, up: results.filter(reached).length };
}

function tally(results: readonly TargetResult[], doh: boolean): Tally {
  return {
    results,
    domestic: count(results.filter((r) => r.target.category === 'control-domestic')),
    global: count(results.filter((r) => r.target.category === 'control-global')),
    others: count(results.filter((r) => !isControl(r))),
    doh,
  };
}

function reachEvidence(t: Tally): Evidence[] {
  const facts: Evidence[] = [];
  if (t.domestic.total) {
    facts.push({
      code: 'domestic-controls',
      detail: `${t.domestic.up} of ${t.domestic.total} domestic control sites answered`,
    });
  }
  if (t.global.total) {
    facts.push({
      code: 'global-controls',
      detail: `${t.global.up} of ${t.global.total} global control sites answered`,
    });
  }
  if (t.others.total)
    facts.push({ code: 'other-sites', detail: `${t.others.up} of ${t.others.total} other sites answered` });
  facts.push(
    t.doh
      ? { code: 'doh-reachable', detail: 'DNS-over-HTTPS resolvers answered' }
      : { code: 'doh-unreachable', detail: 'no DNS-over-HTTPS resolver answered' },
  );
  return facts;
}

const anyUp = (t: Tally) => t.domestic.up + t.global.up + t.others.up > 0;

/** Nothing answered and at least half the failures were the device reporting no network. */
function deviceOffline(t: Tally): Finding | undefined {
  const offline = t.results.filter(wasOffline).length;
  if (anyUp(t) || offline === 0 || offline * 2 < t.results.length) return undefined;
  return {
    state: 'offline',
    evidence: [
      {
        code: 'offline-errors',
        detail: `${offline} of ${t.results.length} checks failed: this device is offline`,
      },
    ],
  };
}

/**
 * Nothing answers: no control site, no other site, no DoH resolver. One failing site proves little,
 * so this needs control sites in the run or at least three sites.
 */
function networkShutdown(t: Tally): Finding | undefined {
  if (anyUp(t) || t.doh) return undefined;
  const enough = t.domestic.total + t.global.total > 0 || t.results.length >= 3;
  if (!enough) return undefined;
  return { state: 'shutdown', evidence: reachEvidence(t) };
}

/**
 * Only domestic sites answer: domestic controls work while global controls, DoH and most other
 * sites do not — Kazakhstan's 2023 "whitelist" of registered sites during shutdowns.
 */
function onlyWhitelistAnswers(t: Tally): Finding | undefined {
  if (t.domestic.up === 0 || t.global.up > 0 || t.doh) return undefined;
  if (t.others.total > 0 && t.others.up * 2 >= t.others.total) return undefined;
  return { state: 'whitelist', evidence: reachEvidence(t) };
}

/** Most sites that answered came slowly (at least two of them). */
function mostlyThrottled(t: Tally): Finding | undefined {
  const answered = t.results.filter(reached);
  const throttled = answered.filter((r) => r.verdict.blocking === 'throttled').length;
  if (throttled < 2 || throttled * 2 <= answered.length) return undefined;
  return {
    state: 'throttled',
    evidence: [
      {
        code: 'throttled-sites',
        detail: `${throttled} of ${answered.length} sites that answered were throttled`,
      },
    ],
  };
}

/**
 * The connection as a whole, from one run's per-site verdicts plus the captive-portal check.
 * Pure. States, in the order they are decided: offline, captive-portal, shutdown, whitelist,
 * throttled, selective (≥1 category blocked), normal; 'unknown' when nothing was checked or
 * when DoH answers but no site does.
 */
export function assessConnection(input: ConnectionInput): ConnectionAssessment {
  const assessment = assessReachability(input);
  const spied = input.results.filter(intercepted);
  if (spied.length === 0) return assessment;
  // Whatever else holds, this comes first: everything sent to these sites can be read.
  return {
    ...assessment,
    intercepted: true,
    evidence: [
      {
        code: 'interception',
        detail: `${spied.length} site(s) presented a certificate from a root the browser does not ship: ${spied
          .slice(0, 5)
          .map((r) => r.target.name)
          .join(', ')}`,
      },
      ...assessment.evidence,
    ],
  };
}

function assessReachability(input: ConnectionInput): ConnectionAssessment {
  const { results } = input;
  if (results.length === 0) {
    return {
      state: 'unknown',
      blockedCategories: [],
      evidence: [{ code: 'no-results', detail: 'no site was checked' }],
    };
  }
  const t = tally(results, input.dohReachable ?? dohReachableIn(results));
  const blocked = blockedCategories(results);
  const finding =
    deviceOffline(t) ??
    behindCaptivePortal(input.captiveCheck) ??
    networkShutdown(t) ??
    onlyWhitelistAnswers(t);
  if (finding)
    return { state: finding.state, blockedCategories: blocked.categories, evidence: finding.evidence };

  if (!anyUp(t)) {
    // DoH answers, yet no site does: not a shutdown we can name.
    return {
      state: 'unknown',
      blockedCategories: blocked.categories,
      evidence: [...reachEvidence(t), ...blocked.evidence],
    };
  }
  const throttled = mostlyThrottled(t);
  if (throttled) {
    return {
      state: 'throttled',
      blockedCategories: blocked.categories,
      evidence: [...throttled.evidence, ...blocked.evidence],
    };
  }
  const state: ConnectionState = blocked.categories.length > 0 ? 'selective' : 'normal';
  return {
    state,
    blockedCategories: blocked.categories,
    evidence: [...blocked.evidence, ...reachEvidence(t)],
  };
}
