import type { ConnectionAssessment, OutageEntry } from './types';

/**
 * The outage log: one entry per period in one state. A changed state closes the open entry at
 * `now` and opens a new one; an unchanged state changes nothing (the same array comes back, so a
 * caller can skip the write). 'unknown' carries no information and is not recorded. Pure.
 */
export function recordTransition(
  previousLog: readonly OutageEntry[],
  assessment: Pick<ConnectionAssessment, 'state'>,
  now: number,
): readonly OutageEntry[] {
  const { state } = assessment;
  if (state === 'unknown') return previousLog;
  const last = previousLog[previousLog.length - 1];
  if (last && last.end === undefined && last.state === state) return previousLog;
  const closed =
    last && last.end === undefined
      ? [...previousLog.slice(0, -1), { ...last, end: Math.max(now, last.start) }]
      : [...previousLog];
  return [...closed, { state, start: now }];
}
