/**
 * When a working fetch counts as throttled.
 *
 * Russia held Twitter to "a value between 130 kbps and 150 kbps" (Xue et al., "Throttling Twitter:
 * an emerging censorship technique in Russia", IMC 2021), i.e. 16–19 KB/s on the wire and a little
 * less as body throughput. 24 KB/s sits just above that and below any usable broadband or 3G link.
 */
export const THROTTLE_BPS = 24 * 1024;

/** Throughput over fewer bytes is mostly latency, not bandwidth: a small page is judged by its time. */
export const THROTTLE_MIN_BYTES = 32 * 1024;

/** A body that took this long to arrive, at a throttled rate, is slow whatever its size. */
export const SLOW_BODY_MS = 5_000;
