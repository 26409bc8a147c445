import * as dnsPacket from '@leichtgewicht/dns-packet';
import { describe, expect, it } from 'vitest';
import { resolveOverHttps } from '../../../lib/probe/doh';

function wireAnswer(name: string, addresses: string[], rcode = 0): Response {
  const bytes = dnsPacket.packet.encode({
    type: 'response',
    id: 0,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | rcode,
    questions: [{ type: 'A', name }],
    answers: addresses.map((data) => ({ type: 'A' as const, name, ttl: 60, data })),
  });
  return new Response(new Uint8Array(bytes).buffer, {
    headers: { 'content-type': 'application/dns-message' },
  });
}

function fakeFetch(answer: (url: URL, accept: string) => Response | Promise<Response>) {
  const calls: string[] = [];
  const fetch = (async (input: URL | RequestInfo, init?: RequestInit) => {
    const url = new URL(String(input));
    const accept = new Headers(init?.headers).get('accept') ?? '';
    calls.push(accept);
    return answer(url, accept);
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

describe('DNS over HTTPS', () => {
  it('decodes a wire-format answer (RFC 8484 GET with ?dns=)', async () => {
    const { fetch } = fakeFetch((url) => {
      const query = dnsPacket.packet.decode(
        new Uint8Array(Buffer.from(url.searchParams.get('dns')!, 'base64url')),
      );
      return wireAnswer(query.questions![0]!.name, ['203.0.113.7']);
    });
    const answer = await resolveOverHttps('https://doh.example/dns-query', 'telegram.org', {
      fetch,
      timeoutMs: 1000,
    });
    expect(answer).toMatchObject({ ok: true, via: 'doh-wire', rcode: 'NOERROR', addresses: ['203.0.113.7'] });
  });

  it('reports NXDOMAIN as an answer, not a failure', async () => {
    const { fetch } = fakeFetch(() => wireAnswer('gone.example', [], 3));
    const answer = await resolveOverHttps('https://doh.example/dns-query', 'gone.example', {
      fetch,
      timeoutMs: 1000,
    });
    expect(answer).toMatchObject({ ok: true, rcode: 'NXDOMAIN', addresses: [] });
  });

  it('falls back to the JSON flavour when the resolver does not speak wire format', async () => {
    const { fetch, calls } = fakeFetch((_url, accept) =>
      accept === 'application/dns-json'
        ? Response.json({ Status: 0, Answer: [{ type: 1, data: '198.51.100.1' }] })
        : new Response('unsupported', { status: 415 }),
    );
    const answer = await resolveOverHttps('https://doh.example/resolve', 'kloop.kg', {
      fetch,
      timeoutMs: 1000,
    });
    expect(calls).toEqual(['application/dns-message', 'application/dns-json']);
    expect(answer).toMatchObject({ ok: true, via: 'doh-json', addresses: ['198.51.100.1'] });
  });

  it('gives up on an unreachable resolver after one attempt, not one per format', async () => {
    const { fetch, calls } = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const answer = await resolveOverHttps('https://doh.example/dns-query', 'x.example', {
      fetch,
      timeoutMs: 1000,
    });
    expect(calls).toHaveLength(1);
    expect(answer).toMatchObject({ ok: false, error: expect.stringContaining('Failed to fetch') });
  });

  it('says a resolver answering garbage answered garbage, without throwing', async () => {
    const { fetch } = fakeFetch((_url, accept) =>
      accept === 'application/dns-json'
        ? new Response('{"Status": "yes"')
        : new Response(new Uint8Array([0xde, 0xad]).buffer),
    );
    const answer = await resolveOverHttps('https://doh.example/dns-query', 'x.example', {
      fetch,
      timeoutMs: 1000,
    });
    expect(answer.ok).toBe(false);
    expect(answer.error).toMatch(/garbage/);
  });
});
