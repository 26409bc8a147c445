import * as dnsPacket from '@leichtgewicht/dns-packet';
import { describe, expect, it } from 'vitest';
import type { NetLog, RequestRecord } from '../../../lib/probe/net-log';
import { observeTarget } from '../../../lib/probe/observe';
import type { Target } from '../../../lib/targets/types';

const RESOLVER = 'https://doh.example/dns-query';
const SECOND_RESOLVER = 'https://doh2.example/dns-query';
const ADDRESS = '192.0.2.1';

function wireAnswer(name: string): Response {
  const bytes = dnsPacket.packet.encode({
    type: 'response',
    id: 0,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
    questions: [{ type: 'A', name }],
    answers: [{ type: 'A', name, ttl: 60, data: ADDRESS }],
  });
  return new Response(new Uint8Array(bytes).buffer, {
    headers: { 'content-type': 'application/dns-message' },
  });
}

/** Waits until aborted, as a blackholed connection does; rejects with the abort reason. */
function hang(signal: AbortSignal | null | undefined): Promise<Response> {
  return new Promise((_resolve, reject) => {
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

type Site = (signal: AbortSignal | null | undefined) => Promise<Response>;

/** A network of three parties: the resolver, the named site, and the site's bare address. */
function network(named: Site, bare: Site = hang) {
  const events: string[] = [];
  let bareSignal: AbortSignal | null | undefined;
  const fetch = (async (input: URL | RequestInfo, init?: RequestInit) => {
    const url = new URL(String(input));
    if (url.origin === new URL(RESOLVER).origin) return wireAnswer('site.example');
    if (url.origin === new URL(SECOND_RESOLVER).origin) {
      events.push('second resolver asked');
      return wireAnswer('site.example');
    }
    if (url.hostname === ADDRESS) {
      events.push('bare started');
      bareSignal = init?.signal;
      return bare(init?.signal).finally(() => events.push('bare ended'));
    }
    events.push('named started');
    return named(init?.signal).finally(() => events.push('named ended'));
  }) as typeof globalThis.fetch;
  return { fetch, events, bareSignal: () => bareSignal };
}

const target: Target = {
  id: 'https://site.example/',
  url: 'https://site.example/',
  name: 'Site',
  category: 'news',
  source: 'pack',
};
const deps = (fetch: typeof globalThis.fetch) => ({
  fetch,
  browser: 'chromium' as const,
  dohResolvers: [RESOLVER],
  timeoutMs: 250,
});

describe('observing one target', () => {
  it('starts the no-SNI control while a blackholed HTTPS request is still waiting, so both end together', async () => {
    const { fetch, events } = network(hang);
    const observation = await observeTarget(target, deps(fetch));
    expect(observation.http.error?.kind).toBe('timeout');
    expect(observation.sniControl).toMatchObject({ ip: ADDRESS, handshakeReached: false });
    // The control began before the named request gave up: the two waits overlap.
    expect(events.indexOf('bare started')).toBeLessThan(events.indexOf('named ended'));
    expect(events.filter((event) => event === 'bare started')).toHaveLength(1);
  });

  it('abandons the early control when the named request answers after all', async () => {
    const late: Site = () =>
      new Promise((resolve) => setTimeout(() => resolve(new Response('<title>ok</title>')), 225));
    const { fetch, events, bareSignal } = network(late);
    const observation = await observeTarget(target, deps(fetch));
    expect(observation.http.status).toBe(200);
    expect(observation.sniControl).toBeUndefined();
    expect(events).toContain('bare started');
    expect(bareSignal()?.aborted).toBe(true);
  });

  it('tries the bare address after a reset, once the reset is known', async () => {
    const reset: Site = () => Promise.reject(new TypeError('Failed to fetch'));
    const certificate: Site = () => Promise.reject(new TypeError('Failed to fetch'));
    const { fetch, events } = network(reset, certificate);
    // What webRequest would have said about each request (fetch() itself only says TypeError).
    const netLog: NetLog = {
      watch: async (url) => {
        const record: RequestRecord = {
          redirects: [],
          completed: false,
          netError: url.includes(ADDRESS) ? 'net::ERR_CERT_COMMON_NAME_INVALID' : 'net::ERR_CONNECTION_RESET',
        };
        return { record, settled: async () => record, release: () => undefined };
      },
      annotate: () => undefined,
    };
    const observation = await observeTarget(target, { ...deps(fetch), netLog });
    expect(observation.sniControl).toMatchObject({ ip: ADDRESS, handshakeReached: true });
    expect(events.slice(0, 3)).toEqual(['named started', 'named ended', 'bare started']);
  });

  it('never tries a bare address for a plain-HTTP target', async () => {
    const { fetch, events } = network(hang);
    const observation = await observeTarget({ ...target, url: 'http://site.example/' }, deps(fetch));
    expect(observation.sniControl).toBeUndefined();
    expect(events).not.toContain('bare started');
  });

  it('asks the second resolver while a blackholed request still waits, so its answer is in when it ends', async () => {
    const { fetch, events } = network(hang);
    const observation = await observeTarget(target, {
      ...deps(fetch),
      dohResolvers: [RESOLVER, SECOND_RESOLVER],
    });
    expect(observation.dns.map((answer) => answer.resolver)).toEqual([RESOLVER, SECOND_RESOLVER]);
    expect(events.indexOf('second resolver asked')).toBeLessThan(events.indexOf('named ended'));
  });

  it('does not ask the second resolver when the site answered from the address the first gave', async () => {
    const ok: Site = async () => new Response('<title>ok</title>');
    const { fetch, events } = network(ok);
    const answeredFrom = (ip: string): NetLog => ({
      watch: async () => {
        const record: RequestRecord = { redirects: [], completed: true, ip, statusCode: 200 };
        return { record, settled: async () => record, release: () => undefined };
      },
      annotate: () => undefined,
    });
    const resolversBoth = { dohResolvers: [RESOLVER, SECOND_RESOLVER] };
    const confirmed = await observeTarget(target, {
      ...deps(fetch),
      ...resolversBoth,
      netLog: answeredFrom(ADDRESS),
    });
    expect(confirmed.dns.map((answer) => answer.resolver)).toEqual([RESOLVER]);
    expect(events).not.toContain('second resolver asked');

    // From another address: the second opinion is asked and kept.
    const elsewhere = await observeTarget(target, {
      ...deps(fetch),
      ...resolversBoth,
      netLog: answeredFrom('203.0.113.7'),
    });
    expect(elsewhere.dns.map((answer) => answer.resolver)).toEqual([RESOLVER, SECOND_RESOLVER]);
  });
});
