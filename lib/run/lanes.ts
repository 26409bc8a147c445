/**
 * When a slow target gives up its lane, and how many targets may be in flight at once.
 *
 * Most sites that answer do so within a twentieth of the per-request timeout (the timeout is sized
 * for slow links); after that a lane is better spent on the next site. A long list gives lanes up
 * sooner still, so that every target can start within a quarter of the timeout: at a twentieth,
 * 32 lanes start at most 128 sites a second, and on a busy machine (where a local site takes
 * 0.3–0.8 s) the 600th site started 4.7–5 s in, so a blackholed one there ended past 2 timeouts
 * (docs/benchmarks.md). A slower site loses nothing: it keeps its own timeout and is measured as
 * before, it only stops holding a lane.
 *
 * The in-flight cap keeps sockets under what Chrome will open at once: measured in Chromium 156,
 * ≈ 420 connections, past which a request is queued inside Chrome while its timeout runs (so it
 * would look blackholed; its net-log names the wait SOCKET_POOL_STALLED_MAX_SOCKETS, and with a
 * 5 s timeout a run started while the previous run's attempts were still held had live sites
 * reported blocked — at the default 15 s none were, docs/benchmarks.md). 224 is well under it because a blackholed target costs more than one
 * socket: its HTTPS request's connection stays open 10–15 s after the request is aborted, and its
 * no-SNI control opens a second one; a run of 600 with 200 blackholed peaked at 430–508 open. The
 * cap also bounds the worker's heap: an in-flight observation holds a few KB. 600 sites with 200
 * blackholed then cost ≤ 1.6 timeouts in the pool model even when live sites take 400 ms
 * (tests/unit/run/run-checks.test.ts); on a 2-core machine under other load, CPU is what is left.
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
