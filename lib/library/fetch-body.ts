import { readCapped } from '../net';
import { fail, type LibraryFailure } from './failure';

/**
 * Fetch a feed, page or image the way the library must: no cookies (a logged-in session must
 * never be sent to a site we archive), a time limit that covers the whole body (a page that
 * never ends is cut off), and a byte cap enforced while streaming (a 50 MB feed is stopped at
 * the cap, not downloaded and then refused). Failures are values, never exceptions.
 */
export interface FetchBodyOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  maxBytes: number;
  accept?: string;
  /** Conditional request: a 304 answer costs a few hundred bytes instead of the whole feed. */
  etag?: string;
  lastModified?: string;
  signal?: AbortSignal;
}

export interface FetchedBody {
  ok: true;
  /** After redirects. */
  url: string;
  status: number;
  notModified: boolean;
  contentType: string;
  bytes: Uint8Array;
  etag?: string;
  lastModified?: string;
}

export async function fetchBody(
  url: string,
  options: FetchBodyOptions,
): Promise<FetchedBody | LibraryFailure> {
  if (!/^https?:\/\//i.test(url)) return fail('bad-url', url);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const headers: Record<string, string> = {};
  if (options.accept) headers.accept = options.accept;
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  let response: Response;
  try {
    response = await options.fetch(url, {
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'follow',
      headers,
      signal,
    });
  } catch (error) {
    return timeout.aborted ? fail('timeout', `${options.timeoutMs} ms`) : fail('network', errorText(error));
  }
  const meta = {
    url: response.url || url,
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    etag: response.headers.get('etag') ?? undefined,
    lastModified: response.headers.get('last-modified') ?? undefined,
  };
  if (response.status === 304) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: true, ...meta, notModified: true, bytes: new Uint8Array() };
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    return fail('http-status', String(response.status));
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > options.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return fail('too-large', `${declared} bytes declared, limit ${options.maxBytes}`);
  }
  const read = await readWithinCap(response.body, options.maxBytes);
  if (!read.ok) {
    if (read.reason === 'network' && timeout.aborted) return fail('timeout', `${options.timeoutMs} ms`);
    return read;
  }
  const bytes = await gunzipIfGzip(read.bytes, options.maxBytes);
  if (!(bytes instanceof Uint8Array)) return bytes;
  return { ok: true, ...meta, notModified: false, bytes };
}

/** Read a stream up to `maxBytes`; one byte more cancels it (the server stops sending). */
async function readWithinCap(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<{ ok: true; bytes: Uint8Array } | LibraryFailure> {
  const read = await readCapped(body, maxBytes);
  if (read.overCap) return fail('too-large', `stopped reading at ${maxBytes} bytes`);
  if (read.error !== undefined) return fail('network', errorText(read.error));
  return { ok: true, bytes: read.bytes };
}

/**
 * A body that is itself a gzip file (served as application/x-gzip or without Content-Encoding,
 * which the browser would otherwise have undone) is inflated here — with the same cap, because
 * a few kilobytes of gzip can inflate to gigabytes.
 */
export async function gunzipIfGzip(
  bytes: Uint8Array,
  maxBytes: number,
): Promise<Uint8Array | LibraryFailure> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  const inflated = await readWithinCap(stream, maxBytes);
  if (!inflated.ok) return inflated.reason === 'too-large' ? inflated : fail('feed-malformed', 'broken gzip');
  return inflated.bytes;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
