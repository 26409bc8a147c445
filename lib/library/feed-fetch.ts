/**
 * Fetching a feed without trusting the server: the body is read in chunks and abandoned past a
 * byte cap (a 50 MB "feed") or when the signal fires (a page that never ends — AbortSignal.timeout
 * is the usual signal). Conditional requests keep refreshes cheap on a throttled connection.
 * `fetch` is passed in, so this stays testable without a network.
 */
import type { SourceRecord } from '../db/library-schema';
import { concat, DEFAULT_MAX_FEED_BYTES, type FeedError, formatBytes } from './feed-parse';

export const DEFAULT_FEED_TIMEOUT_MS = 30_000;

export type ReadResult = { ok: true; bytes: Uint8Array } | { ok: false; error: FeedError };

/** Read a response body, stopping at `maxBytes` or when `signal` aborts, whichever comes first. */
export async function readCapped(
  response: Response,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<ReadResult> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return tooLarge(maxBytes);
  }
  if (!response.body) return { ok: true, bytes: new Uint8Array() };
  if (signal?.aborted) {
    await response.body.cancel().catch(() => undefined);
    return abortError(signal);
  }

  const reader = response.body.getReader();
  // A stalled server never resolves read(); the abort listener settles the race instead.
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<'aborted'>((resolve) => {
    onAbort = () => resolve('aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
  });

  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), aborted]);
      if (next === 'aborted') {
        void reader.cancel().catch(() => undefined);
        return abortError(signal);
      }
      if (next.done) break;
      total += next.value.byteLength;
      if (total > maxBytes) {
        void reader.cancel().catch(() => undefined);
        return tooLarge(maxBytes);
      }
      chunks.push(next.value);
    }
  } catch (e) {
    return {
      ok: false,
      error: { kind: 'network', message: `The connection broke while reading: ${String(e)}` },
    };
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  return { ok: true, bytes: concat(chunks, total) };
}

/** If-None-Match / If-Modified-Since from the last good refresh, so an unchanged feed costs a 304. */
export function conditionalHeaders(
  source: Pick<SourceRecord, 'etag' | 'lastModified'>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (source.etag) headers['If-None-Match'] = source.etag;
  if (source.lastModified) headers['If-Modified-Since'] = source.lastModified;
  return headers;
}

export type FeedFetchResult =
  | { status: 'not-modified' }
  | {
      status: 'ok';
      bytes: Uint8Array;
      contentType?: string;
      /** The final URL after redirects: relative links resolve against it. */
      url: string;
      etag?: string;
      lastModified?: string;
    }
  | { status: 'error'; error: FeedError };

export interface FeedFetchOptions {
  fetch?: typeof fetch;
  maxBytes?: number;
  timeoutMs?: number;
  /** The caller's own cancel (the extension suspending, the user removing the source). */
  signal?: AbortSignal;
}

/** One refresh of one source: conditional GET, status handling, capped read. */
export async function fetchFeed(
  source: Pick<SourceRecord, 'url' | 'etag' | 'lastModified'>,
  options: FeedFetchOptions = {},
): Promise<FeedFetchResult> {
  const doFetch = options.fetch ?? fetch;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_FEED_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;

  let response: Response;
  try {
    response = await doFetch(source.url, {
      headers: {
        Accept:
          'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5',
        ...conditionalHeaders(source),
      },
      credentials: 'omit',
      redirect: 'follow',
      signal,
    });
  } catch (e) {
    if (signal.aborted) return { status: 'error', error: abortError(signal).error };
    return {
      status: 'error',
      error: { kind: 'network', message: `The feed could not be reached: ${String(e)}` },
    };
  }

  if (response.status === 304) {
    await response.body?.cancel().catch(() => undefined);
    return { status: 'not-modified' };
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    return {
      status: 'error',
      error: {
        kind: 'http',
        message: `The server answered ${response.status} ${response.statusText}`.trim(),
      },
    };
  }

  const read = await readCapped(response, options.maxBytes ?? DEFAULT_MAX_FEED_BYTES, signal);
  if (!read.ok) return { status: 'error', error: read.error };
  const contentType = response.headers.get('content-type') ?? undefined;
  const etag = response.headers.get('etag') ?? undefined;
  const lastModified = response.headers.get('last-modified') ?? undefined;
  return {
    status: 'ok',
    bytes: read.bytes,
    url: response.url || source.url,
    ...(contentType && { contentType }),
    ...(etag && { etag }),
    ...(lastModified && { lastModified }),
  };
}

function tooLarge(maxBytes: number): { ok: false; error: FeedError } {
  return {
    ok: false,
    error: {
      kind: 'too-large',
      message: `The feed is larger than ${formatBytes(maxBytes)}; stopped.`,
    },
  };
}

function abortError(signal: AbortSignal | undefined): { ok: false; error: FeedError } {
  const reason: unknown = signal?.reason;
  const isTimeout = reason instanceof DOMException && reason.name === 'TimeoutError';
  return isTimeout
    ? { ok: false, error: { kind: 'timeout', message: 'The feed took too long to arrive; stopped.' } }
    : { ok: false, error: { kind: 'aborted', message: 'The refresh was cancelled.' } };
}
