import { decodeBody, readCapped } from '../net';
import { describe } from './doh';
import type { NetLog } from './net-log';
import type { FetchErrorKind, HttpObservation } from './types';

export interface HttpDeps {
  fetch: typeof fetch;
  netLog?: NetLog;
  timeoutMs: number;
  /** Bytes of body kept as text; more is read (for throughput) up to readCapBytes. */
  bodyCapBytes?: number;
  /** Stop reading after this many bytes: a 50 MB page must not cost 50 MB. */
  readCapBytes?: number;
  signal?: AbortSignal;
  now?: () => number;
}

const DEFAULT_BODY_CAP = 256 * 1024;
const DEFAULT_READ_CAP = 1024 * 1024;
const MAX_HEADERS = 40;
const MAX_HEADER_VALUE = 512;
const MAX_REDIRECTS = 20;

/**
 * Fetch a URL the way a careful probe does: no cookies, no cache, a hard timeout (a
 * blackholed request never ends by itself), the body read with a cap, and timings for
 * throughput. Never throws: failures are described in `error`.
 */
export async function observeHttp(url: string, deps: HttpDeps): Promise<HttpObservation> {
  const now = deps.now ?? (() => performance.now());
  const bodyCap = deps.bodyCapBytes ?? DEFAULT_BODY_CAP;
  const readCap = Math.max(deps.readCapBytes ?? DEFAULT_READ_CAP, bodyCap);
  const start = now();
  const timeout = AbortSignal.timeout(deps.timeoutMs);
  const signal = deps.signal ? AbortSignal.any([deps.signal, timeout]) : timeout;
  const watch = await deps.netLog?.watch(url);
  const observation: HttpObservation = {
    url,
    redirects: [],
    headers: {},
    bodyBytes: 0,
    bodyTruncated: false,
    timing: { endMs: 0 },
  };

  try {
    const response = await deps.fetch(url, {
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'follow',
      referrerPolicy: 'no-referrer',
      signal,
    });
    observation.timing.firstByteMs = now() - start;
    observation.status = response.status;
    observation.finalUrl = response.url || url;
    observation.headers = selectHeaders(response.headers);
    const body = await readBody(response, bodyCap, readCap);
    observation.body = body.text;
    observation.bodyBytes = body.bytes;
    observation.bodyTruncated = body.truncated;
    observation.title = titleOf(body.text);
    // A body cut off by the timeout still tells how fast it came: keep what arrived.
    if (body.error) throw body.error;
  } catch (error) {
    observation.error = { kind: errorKind(error, signal, timeout), message: describe(error) };
  } finally {
    observation.timing.endMs = now() - start;
  }

  if (watch) {
    const record = await watch.settled();
    watch.release();
    observation.redirects = record.redirects;
    if (record.ip) observation.ip = record.ip;
    if (record.netError && observation.error) observation.error.netError = record.netError;
    if (observation.error && isRedirectLoop(record.redirects)) {
      observation.error.kind =
        record.redirects.length >= MAX_REDIRECTS ? 'too-many-redirects' : 'redirect-loop';
    }
  }
  const { firstByteMs, endMs } = observation.timing;
  if (firstByteMs !== undefined && observation.bodyBytes > 0 && endMs > firstByteMs) {
    observation.throughputBps = Math.round((observation.bodyBytes * 1000) / (endMs - firstByteMs));
  }
  return observation;
}

function errorKind(error: unknown, signal: AbortSignal, timeout: AbortSignal): FetchErrorKind {
  if (timeout.aborted || (error instanceof DOMException && error.name === 'TimeoutError')) return 'timeout';
  if (signal.aborted || (error instanceof DOMException && error.name === 'AbortError')) return 'aborted';
  return 'network';
}

function isRedirectLoop(redirects: { to: string }[]): boolean {
  if (redirects.length >= MAX_REDIRECTS) return true;
  const seen = new Set<string>();
  for (const hop of redirects) {
    if (seen.has(hop.to)) return true;
    seen.add(hop.to);
  }
  return false;
}

function selectHeaders(headers: Headers): Record<string, string> {
  const selected: Record<string, string> = {};
  let count = 0;
  headers.forEach((value, name) => {
    // Cookies identify the probe's session, not the block: never stored.
    if (count >= MAX_HEADERS || name === 'set-cookie') return;
    selected[name.toLowerCase()] = value.slice(0, MAX_HEADER_VALUE);
    count++;
  });
  return selected;
}

async function readBody(
  response: Response,
  bodyCap: number,
  readCap: number,
): Promise<{ text: string; bytes: number; truncated: boolean; error?: unknown }> {
  // Reading stops once `readCap` bytes have arrived: what came is enough to measure throughput.
  const read = await readCapped(response.body, readCap - 1, bodyCap);
  return {
    text: decodeBody(read.bytes, response.headers.get('content-type')),
    bytes: read.total,
    truncated: read.overCap || read.total > read.bytes.byteLength,
    error: read.error,
  };
}

function titleOf(html: string): string | undefined {
  const match = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html);
  const title = match?.[1]?.replace(/\s+/g, ' ').trim();
  return title ? title.slice(0, 300) : undefined;
}
