/**
 * When a slow target gives up its lane, and how many targets may be in flight at once.
 *
 * Most sites that answer do so within a twentieth of the per-request timeout (the timeout is sized
 * for slow links); after that a lane is better spent on the next site. A long list gives lanes up
 * sooner still, so that every target can start within a quarter of the timeout: at a twentieth,
 * 32 lanes start at most 128 sites a second, and on a busy machine (where a local site takes
 * 0.3–0.8 s) the 600th site started 4.7–5 s in, so a blackholed one there ended past 2 timeouts
 * (docs/benchmarks.md). A slower site loses nothing:
 * it keeps its own timeout and is measured as before, it only stops holding a lane. The in-flight cap keeps each
 * target's sockets under Chrome's 256-socket pool per profile (a request past that limit is queued
 * inside Chrome and its timeout runs while it waits, so it would look blackholed): 224 leaves 32
 * for DoH, control and captive-check requests and the user's own tabs. A site that never answers
 * holds one socket until its timeout. The cap also bounds the worker's heap: an in-flight
 * observation holds a few KB. 600 sites with 200 blackholed then cost ≤ 2 timeouts in the pool model
 * (tests/unit/run/run-checks.test.ts) and 2.1 on a loaded 2-core machine (docs/benchmarks.md).
 */
const MAX_IN_FLIGHT = 224;

export function laneRelease(
  concurrency: number,
  requestTimeoutMs: number,
): { slowAfterMs: number; startAllWithinMs: number; maxInFlight: number } {
  return {
    slowAfterMs: Math.max(250, Math.round(requestTimeoutMs / 20)),
    startAllWithinMs: Math.round(requestTimeoutMs / 4),
    maxInFlight: Math.max(concurrency, MAX_IN_FLIGHT),
  };
}
