import { describe, expect, it } from 'vitest';
import {
  categoryHeadline,
  connectionSpeaksForSites,
  summarizeCategories,
} from '../../../lib/connectivity/category-summary';
import type { MeasurementRecord } from '../../../lib/db';
import type { Target } from '../../../lib/targets/types';
import type { Blocking, ConnectionState } from '../../../lib/verdict/types';

// Issue #14: "all reachable" is said only with proof. A fresh install under a shutdown once showed
// six green "all reachable" rows below a red "Internet shutdown" banner.

const targets: Target[] = ['a', 'b', 'c'].map((name) => ({
  id: `https://${name}.example/`,
  url: `https://${name}.example/`,
  name,
  category: 'news',
  source: 'pack',
}));

function measured(blockings: (Blocking | undefined)[]): Map<string, MeasurementRecord> {
  const latest = new Map<string, MeasurementRecord>();
  blockings.forEach((blocking, i) => {
    if (!blocking) return;
    const target = targets[i]!;
    latest.set(target.id, {
      id: `m${i}`,
      runId: 'r1',
      targetId: target.id,
      time: 1,
      observation: { target } as MeasurementRecord['observation'],
      verdict: { blocking, subKind: 'accessible/ok', confidence: 'likely', evidence: [] },
    });
  });
  return latest;
}

const headline = (blockings: (Blocking | undefined)[]) =>
  categoryHeadline(summarizeCategories(targets, measured(blockings))[0]!);

describe('a category headline claims only what was measured', () => {
  it('is green only when every site was measured reachable', () => {
    expect(headline(['accessible', 'accessible', 'accessible'])).toEqual({ kind: 'reachable' });
  });

  it('is not green before any site was checked', () => {
    expect(headline([undefined, undefined, undefined])).toEqual({
      kind: 'unproven',
      reachable: 0,
      total: 3,
      unclear: 0,
      notChecked: 3,
    });
  });

  it('is not green when one site was never checked', () => {
    expect(headline(['accessible', 'accessible', undefined])).toMatchObject({
      kind: 'unproven',
      reachable: 2,
      notChecked: 1,
    });
  });

  it('is not green when a check could not tell, the site was down or slow', () => {
    for (const blocking of ['inconclusive', 'down', 'throttled'] as const)
      expect(headline(['accessible', blocking, 'accessible']), blocking).toMatchObject({
        kind: 'unproven',
        reachable: 2,
        unclear: 1,
        notChecked: 0,
      });
  });

  it('counts blocked sites first, out of those measured', () => {
    expect(headline(['tls', 'accessible', undefined])).toEqual({ kind: 'blocked', blocked: 1, measured: 2 });
  });
});

describe('connection states that speak for every site', () => {
  const cases: [ConnectionState, boolean][] = [
    ['offline', true],
    ['captive-portal', true],
    ['shutdown', true],
    ['whitelist', true],
    ['selective', false],
    ['throttled', false],
    ['normal', false],
    ['unknown', false],
  ];
  for (const [state, speaks] of cases)
    it(`${state}: ${speaks ? 'one line instead of a row per site' : 'a row per site'}`, () => {
      expect(connectionSpeaksForSites(state)).toBe(speaks);
    });
});
