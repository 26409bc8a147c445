import { describe, expect, it } from 'vitest';
import { fetchBody } from '../../../lib/library/fetch-body';

/** A body that sends `chunk` every `everyMs` forever (or until cancelled), counting what was pulled. */
function endless(chunk: Uint8Array, everyMs = 0) {
  const stats = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (everyMs) await new Promise((r) => setTimeout(r, everyMs));
      stats.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
    cancel() {
      stats.cancelled = true;
    },
  });
  return { stream, stats };
}

const fetchOf =
  (respond: (init: RequestInit) => Response | Promise<Response>, seen: RequestInit[] = []) =>
  async (_url: RequestInfo | URL, init?: RequestInit) => {
    seen.push(init ?? {});
    return respond(init ?? {});
  };

describe('fetchBody', () => {
  it('sends no cookies and asks conditionally when it has an ETag and Last-Modified', async () => {
    const seen: RequestInit[] = [];
    const result = await fetchBody('https://x.example/feed', {
      fetch: fetchOf(() => new Response(null, { status: 304 }), seen),
      timeoutMs: 1000,
      maxBytes: 1000,
      etag: '"v1"',
      lastModified: 'Mon, 23 Nov 2026 00:00:00 GMT',
    });
    expect(result).toMatchObject({ ok: true, notModified: true });
    expect(seen[0]).toMatchObject({ credentials: 'omit' });
    expect(seen[0]!.headers).toMatchObject({
      'if-none-match': '"v1"',
      'if-modified-since': 'Mon, 23 Nov 2026 00:00:00 GMT',
    });
  });

  it('stops reading an endless body at the cap and cancels the stream', async () => {
    const { stream, stats } = endless(new Uint8Array(64 * 1024));
    const result = await fetchBody('https://x.example/huge', {
      fetch: fetchOf(() => new Response(stream, { status: 200 })),
      timeoutMs: 10_000,
      maxBytes: 1024 * 1024,
    });
    expect(result).toMatchObject({ ok: false, reason: 'too-large' });
    expect(stats.cancelled).toBe(true);
    expect(stats.pulled).toBeLessThan(2 * 1024 * 1024);
  });

  it('refuses a body whose Content-Length is over the cap without reading it', async () => {
    const { stream, stats } = endless(new Uint8Array(1024));
    const result = await fetchBody('https://x.example/huge', {
      fetch: fetchOf(() => new Response(stream, { status: 200, headers: { 'content-length': '52428800' } })),
      timeoutMs: 10_000,
      maxBytes: 1024 * 1024,
    });
    expect(result).toMatchObject({ ok: false, reason: 'too-large' });
    expect(stats.pulled).toBeLessThanOrEqual(64 * 1024);
  });

  it('gives up on a trickle that never ends with a timeout', async () => {
    const { stream } = endless(new TextEncoder().encode('<'), 20);
    const started = Date.now();
    const result = await fetchBody('https://x.example/trickle', {
      fetch: fetchOf((init) => {
        // Like a real fetch: aborting the signal errors the body.
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            init.signal?.addEventListener('abort', () => controller.error(init.signal!.reason));
            const reader = stream.getReader();
            const pump = (): Promise<void> =>
              reader.read().then(({ value }) => {
                controller.enqueue(value!);
                return pump();
              });
            void pump().catch(() => undefined);
          },
        });
        return new Response(body, { status: 200 });
      }),
      timeoutMs: 300,
      maxBytes: 1024 * 1024,
    });
    expect(result).toMatchObject({ ok: false, reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('reports a non-200 answer and a network failure as values', async () => {
    expect(
      await fetchBody('https://x.example/', {
        fetch: fetchOf(() => new Response('no', { status: 503 })),
        timeoutMs: 1000,
        maxBytes: 10,
      }),
    ).toMatchObject({ ok: false, reason: 'http-status', detail: '503' });
    expect(
      await fetchBody('https://x.example/', {
        fetch: () => Promise.reject(new TypeError('Failed to fetch')),
        timeoutMs: 1000,
        maxBytes: 10,
      }),
    ).toMatchObject({ ok: false, reason: 'network' });
    expect(await fetchBody('file:///etc/passwd', { fetch, timeoutMs: 1000, maxBytes: 10 })).toMatchObject({
      ok: false,
      reason: 'bad-url',
    });
  });

  it('returns the bytes, content type and validators of a good answer', async () => {
    const result = await fetchBody('https://x.example/feed', {
      fetch: fetchOf(
        () =>
          new Response('<rss/>', {
            status: 200,
            headers: {
              'content-type': 'application/rss+xml',
              etag: '"v2"',
              'last-modified': 'Sun, 22 Nov 2026 10:00:00 GMT',
            },
          }),
      ),
      timeoutMs: 1000,
      maxBytes: 1000,
    });
    if (!result.ok) throw new Error(result.reason);
    expect(new TextDecoder().decode(result.bytes)).toBe('<rss/>');
    expect(result).toMatchObject({
      contentType: 'application/rss+xml',
      etag: '"v2"',
      lastModified: 'Sun, 22 Nov 2026 10:00:00 GMT',
    });
  });
});
