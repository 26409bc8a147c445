/**
 * When to try a measurement again after `failures` failed attempts. Measurements taken during
 * a shutdown are the valuable ones and cannot be sent then, so the schedule is patient: a few
 * quick tries (a collector that blinked, a captive portal just accepted), then exponential from
 * 15 minutes, capped at a day. Deterministic (no jitter): each user retries on their own clock,
 * and a test can pin the schedule.
 */
const QUICK_RETRIES_MS = [10_000, 30_000, 90_000] as const;
const SLOW_RETRY_START_MS = 15 * 60_000;
const MAX_RETRY_MS = 24 * 60 * 60_000;

export function retryDelay(failures: number): number {
  if (failures <= 0) return 0;
  const quick = QUICK_RETRIES_MS[failures - 1];
  if (quick !== undefined) return quick;
  const exponent = failures - QUICK_RETRIES_MS.length - 1;
  return Math.min(SLOW_RETRY_START_MS * 2 ** exponent, MAX_RETRY_MS);
}
