import type { ConnectionState } from '../verdict/types';

/**
 * When the library refreshes. Decisions only, no browser: unit-tested in tests/unit/library/refresh.test.ts.
 */
export const LIBRARY_ALARM = 'library-refresh';

const DEGRADED: readonly ConnectionState[] = ['selective', 'throttled'];
/** States in which blocking has already begun: the "last chance" refresh has been had. */
const ALREADY_BAD: readonly ConnectionState[] = ['selective', 'throttled', 'whitelist', 'shutdown'];

/**
 * The engine just recorded a new connection state. Blocking of messengers or throttling is how
 * January 2022 began, hours before the total shutdown: refresh now, while feeds still answer.
 * Only the first step into degradation counts; selective → throttled is the same episode.
 */
export function isFirstDegradation(previous: ConnectionState | undefined, next: ConnectionState): boolean {
  return DEGRADED.includes(next) && !(previous !== undefined && ALREADY_BAD.includes(previous));
}

/**
 * A scheduled refresh runs unless the last check found nothing outside reachable: in a
 * shutdown, whitelist, captive portal or offline, every fetch would fail and only write errors
 * over the sources' last good state.
 */
export function shouldRefreshOnSchedule(state: ConnectionState | undefined): boolean {
  return !(
    state === 'shutdown' ||
    state === 'whitelist' ||
    state === 'captive-portal' ||
    state === 'offline'
  );
}
