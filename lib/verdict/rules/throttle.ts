import { evidence, kib, rate, verdict } from '../evidence';
import type { Facts } from '../facts';
import { SLOW_BODY_MS, THROTTLE_BPS, THROTTLE_MIN_BYTES } from '../thresholds';
import { netErrorEvidence } from './common';
import { contextNotes } from './accessible';

function bodyMs(f: Facts): number | undefined {
  const { firstByteMs, endMs } = f.obs.http.timing;
  return firstByteMs === undefined ? undefined : endMs - firstByteMs;
}

function throughputEvidence(f: Facts) {
  const http = f.obs.http;
  const ms = bodyMs(f);
  const speed = http.throughputBps !== undefined ? ` at ${rate(http.throughputBps)}` : '';
  const time = ms !== undefined ? ` in ${(ms / 1000).toFixed(1)} s` : '';
  return evidence('throughput', `the body came ${kib(http.bodyBytes)}${time}${speed}`);
}

/**
 * The server answered, then our timeout fired while the body was still trickling in: the
 * signature of throttling (Russia's 2021 Twitter slowdown let handshakes through, then starved
 * the transfer).
 */
export function stalledAfterFirstByte(f: Facts) {
  if (f.kind !== 'timeout' || !f.responded) return undefined;
  const slow = f.obs.http.throughputBps === undefined || f.obs.http.throughputBps < THROTTLE_BPS;
  return verdict('throttled', 'throttled/stalled', slow ? 'likely' : 'possible', [
    ...netErrorEvidence(f),
    throughputEvidence(f),
  ]);
}

/**
 * A complete answer that came slowly: under THROTTLE_BPS over at least THROTTLE_MIN_BYTES is
 * likely throttling; a smaller body that still took over SLOW_BODY_MS at that rate is possible.
 */
export function slowTransfer(f: Facts) {
  const http = f.obs.http;
  if (!f.responded || http.error || http.throughputBps === undefined || http.throughputBps >= THROTTLE_BPS) {
    return undefined;
  }
  if (http.bodyBytes >= THROTTLE_MIN_BYTES) {
    return verdict('throttled', 'throttled/slow', 'likely', [throughputEvidence(f), ...contextNotes(f)]);
  }
  if ((bodyMs(f) ?? 0) > SLOW_BODY_MS) {
    return verdict('throttled', 'throttled/slow', 'possible', [throughputEvidence(f), ...contextNotes(f)]);
  }
  return undefined;
}
