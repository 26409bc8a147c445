/**
 * Read a response body with a byte cap enforced while streaming: a 50 MB page or feed is
 * stopped at the cap (the reader is cancelled, so the server stops sending), never downloaded
 * and then refused. Every fetcher in Vantage reads bodies through this one function; each
 * decides for itself what going over the cap means (the probe keeps what arrived and notes the
 * truncation, the library and the mirror list refuse the body).
 *
 * Never throws: a stream that breaks mid-way returns what arrived with the `error`, so a body
 * cut off by a timeout still tells how fast it came.
 */
export interface CappedRead {
  /** The first `keepBytes` bytes read (all of them when nothing was over the cap). */
  bytes: Uint8Array;
  /** Bytes read in all, including any not kept. */
  total: number;
  /** Reading passed `maxBytes` and was cancelled. */
  overCap: boolean;
  /** The stream failed mid-way. */
  error?: unknown;
}

export async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  keepBytes: number = maxBytes,
): Promise<CappedRead> {
  if (!body) return { bytes: new Uint8Array(), total: 0, overCap: false };
  const reader = body.getReader();
  const kept: Uint8Array[] = [];
  let keptBytes = 0;
  let total = 0;
  let overCap = false;
  let error: unknown;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (readError) {
      error = readError;
      break;
    }
    const { done, value } = chunk;
    if (done) break;
    total += value.byteLength;
    if (keptBytes < keepBytes) {
      const slice = value.subarray(0, keepBytes - keptBytes);
      kept.push(slice);
      keptBytes += slice.byteLength;
    }
    if (total > maxBytes) {
      overCap = true;
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  const bytes = new Uint8Array(keptBytes);
  let offset = 0;
  for (const chunk of kept) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes, total, overCap, ...(error === undefined ? {} : { error }) };
}
