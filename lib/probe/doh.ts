import * as dnsPacket from '@leichtgewicht/dns-packet';
import { specialUseOf } from '../targets';
import type { DnsObservation, DnsRcode } from './types';

export interface DohDeps {
  fetch: typeof fetch;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Ask one DNS-over-HTTPS resolver for a name's A records: RFC 8484 wire format first,
 * the JSON flavour (Google/Cloudflare `application/dns-json`) if the resolver does not
 * speak wire format. A resolver that cannot be reached or answers garbage gives
 * `ok: false` with the reason; it never throws.
 */
export async function resolveOverHttps(
  resolver: string,
  name: string,
  deps: DohDeps,
): Promise<DnsObservation> {
  // Defence in depth: callers already refuse these (lib/targets/special-use.ts), but no path may
  // ever put a .onion, .local or intranet name, or a private address, in a query to a resolver.
  if (specialUseOf(name))
    return failed(resolver, 'doh-wire', 'refused: special-use name, never sent', false).observation;
  const start = Date.now();
  const wire = await askWire(resolver, name, deps);
  // Unreachable (timeout, reset, blackholed resolver): asking again in JSON would only cost a
  // second timeout. Reachable but not speaking wire format: try the JSON flavour.
  if (wire.ok || !wire.reachable) return { ...wire.observation, ms: Date.now() - start };
  const json = await askJson(resolver, name, deps);
  const observation = json.ok
    ? json.observation
    : { ...wire.observation, error: `${wire.observation.error}; json: ${json.observation.error}` };
  return { ...observation, ms: Date.now() - start };
}

interface Attempt {
  ok: boolean;
  /** The resolver answered over HTTP (a failure is then about the format, not the network). */
  reachable: boolean;
  observation: DnsObservation;
}

function failed(resolver: string, via: DnsObservation['via'], error: string, reachable: boolean): Attempt {
  return { ok: false, reachable, observation: { resolver, via, ok: false, addresses: [], error, ms: 0 } };
}

function signalFor(deps: DohDeps): AbortSignal {
  const timeout = AbortSignal.timeout(deps.timeoutMs);
  return deps.signal ? AbortSignal.any([deps.signal, timeout]) : timeout;
}

async function askWire(resolver: string, name: string, deps: DohDeps): Promise<Attempt> {
  const query = dnsPacket.packet.encode({
    type: 'query',
    id: 0, // RFC 8484 §4.1: id 0 keeps GET requests cache-friendly.
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type: 'A', name }],
  });
  const url = new URL(resolver);
  url.searchParams.set('dns', base64url(query));
  let response: Response;
  try {
    response = await deps.fetch(url, {
      headers: { accept: 'application/dns-message' },
      credentials: 'omit',
      cache: 'no-store',
      signal: signalFor(deps),
    });
  } catch (error) {
    return failed(resolver, 'doh-wire', describe(error), false);
  }
  if (!response.ok) return failed(resolver, 'doh-wire', `HTTP ${response.status}`, true);
  try {
    const bytes = new Uint8Array(await response.arrayBuffer());
    const answer = dnsPacket.packet.decode(bytes);
    if (answer.type !== 'response') throw new Error('not a DNS response');
    const rcode = toRcode(String(answer.rcode ?? 'NOERROR'));
    const addresses = (answer.answers ?? [])
      .filter((record) => record.type === 'A' && typeof record.data === 'string')
      .map((record) => record.data as string);
    return {
      ok: true,
      reachable: true,
      observation: { resolver, via: 'doh-wire', ok: true, rcode, addresses, ms: 0 },
    };
  } catch (error) {
    return failed(resolver, 'doh-wire', `garbage answer: ${describe(error)}`, true);
  }
}

interface JsonAnswer {
  Status?: unknown;
  Answer?: { type?: unknown; data?: unknown }[];
}

async function askJson(resolver: string, name: string, deps: DohDeps): Promise<Attempt> {
  const url = new URL(resolver);
  url.searchParams.set('name', name);
  url.searchParams.set('type', 'A');
  try {
    const response = await deps.fetch(url, {
      headers: { accept: 'application/dns-json' },
      credentials: 'omit',
      cache: 'no-store',
      signal: signalFor(deps),
    });
    if (!response.ok) return failed(resolver, 'doh-json', `HTTP ${response.status}`, true);
    const body = (await response.json()) as JsonAnswer;
    if (typeof body.Status !== 'number')
      return failed(resolver, 'doh-json', 'garbage answer: no Status', true);
    const addresses = (Array.isArray(body.Answer) ? body.Answer : [])
      .filter((record) => record.type === 1 && typeof record.data === 'string')
      .map((record) => record.data as string);
    const rcode: DnsRcode =
      ({ 0: 'NOERROR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 5: 'REFUSED' } as const)[body.Status as 0 | 2 | 3 | 5] ??
      'OTHER';
    return {
      ok: true,
      reachable: true,
      observation: { resolver, via: 'doh-json', ok: true, rcode, addresses, ms: 0 },
    };
  } catch (error) {
    return failed(resolver, 'doh-json', describe(error), false);
  }
}

function toRcode(value: string): DnsRcode {
  return value === 'NOERROR' || value === 'NXDOMAIN' || value === 'SERVFAIL' || value === 'REFUSED'
    ? value
    : 'OTHER';
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
