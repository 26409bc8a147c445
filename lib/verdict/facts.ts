import {
  readBlockNotice,
  type BlockNotice,
  type FingerprintMatch,
  type FingerprintMatcher,
} from '../fingerprints';
import type { DnsObservation, FetchErrorKind, Observation } from '../probe/types';
import { isBogon, isIpv4 } from './bogon';
import { bareNetError, netErrorFamily, normalizeIp, type NetErrorFamily } from '../net';

/** What the DNS-over-HTTPS resolvers said about the target's name. */
export interface DohSummary {
  /** Resolvers that answered (Firefox's system resolver is not one of them). */
  answered: DnsObservation[];
  withAddresses: DnsObservation[];
  addresses: Set<string>;
  nxdomain: number;
  /** Every pair of address sets overlaps: CDNs answering by geography make this false. */
  agree: boolean;
  /** Some resolver gave a bogon itself (the test lab: every name is 127.x). */
  anyBogon: boolean;
}

/** Everything the rules look at, computed once per observation. */
export interface Facts {
  obs: Observation;
  host: string;
  hostIsIp: boolean;
  /** The failing (last) request was HTTPS. */
  https: boolean;
  /** 'ERR_CONNECTION_RESET', 'NS_ERROR_NET_RESET' … without the 'net::' prefix. */
  netError?: string;
  family?: NetErrorFamily;
  kind?: FetchErrorKind;
  /** The server sent a status line (the first byte arrived). */
  responded: boolean;
  status?: number;
  doh: DohSummary;
  system?: DnsObservation;
  /** The last request went to another host than the target's (a cross-host redirect). */
  redirectedAway: boolean;
  /** The address connected to, when it is the target host's (not a host redirected to). */
  connectedIp?: string;
  /** Addresses the local resolver gave: the connected one, else Firefox's system answer. */
  localAddresses: string[];
  /** The connected IPv4 address is none of the agreeing DoH resolvers' addresses. */
  ipMismatch: boolean;
  blockpage?: FingerprintMatch;
  ipFingerprint?: FingerprintMatch;
  /** The page read by meaning: block wording, a legal basis, 451, a redirect carrying our URL, size. */
  blockNotice?: BlockNotice;
  /** The host the last request went to, when it is another than the target's. */
  hopHost?: string;
  /** What DoH says about that host (asked only when the request failed). */
  hopDoh?: DohSummary;
  /** The address the last request connected to, whichever host it was. */
  lastIp?: string;
}

export interface FactContext {
  /** Median body size of this target's earlier working measurements. */
  usualBodyBytes?: number;
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}

function summarizeDoh(dns: DnsObservation[]): DohSummary {
  const answered = dns.filter((d) => d.ok && d.via !== 'system');
  const withAddresses = answered.filter((d) => d.addresses.length > 0);
  const sets = withAddresses.map((d) => new Set(d.addresses.map(normalizeIp)));
  const agree = sets.every((a, i) => sets.slice(i + 1).every((b) => [...a].some((ip) => b.has(ip))));
  const addresses = new Set(sets.flatMap((s) => [...s]));
  return {
    answered,
    withAddresses,
    addresses,
    nxdomain: answered.filter((d) => d.rcode === 'NXDOMAIN').length,
    agree,
    anyBogon: [...addresses].some(isBogon),
  };
}

export function gatherFacts(
  obs: Observation,
  fingerprints: FingerprintMatcher,
  context: FactContext = {},
): Facts {
  const http = obs.http;
  const host = hostOf(obs.target.url) ?? hostOf(http.url) ?? '';
  const hostIsIp = isIpv4(host) || host.includes(':');
  const netError = http.error?.netError ? bareNetError(http.error.netError) : undefined;
  const doh = summarizeDoh(obs.dns);
  const system = obs.dns.find((d) => d.via === 'system' && d.ok);

  // webRequest reports the address of the last hop; after a redirect to another host it is not ours.
  const lastHop = http.redirects[http.redirects.length - 1]?.to ?? http.finalUrl ?? http.url;
  const redirectedAway = hostOf(lastHop) !== host;
  const connectedIp = http.ip && !redirectedAway ? normalizeIp(http.ip) : undefined;
  const localAddresses = connectedIp ? [connectedIp] : (system?.addresses.map(normalizeIp) ?? []);
  const ipMismatch =
    !hostIsIp &&
    connectedIp !== undefined &&
    isIpv4(connectedIp) && // DoH is asked for A records only: an IPv6 connection proves nothing
    doh.withAddresses.length > 0 &&
    doh.agree &&
    !doh.addresses.has(connectedIp);

  // Redirects within the target's own host (http → https) are the site itself, not a block host.
  const redirectLocations = [...http.redirects.map((hop) => hop.to), http.finalUrl].filter(
    (to): to is string => !!to && to !== http.url && hostOf(to) !== host,
  );
  const blockpage = fingerprints.matchHttp({
    body: http.body,
    headers: http.headers,
    redirectLocations: [...new Set(redirectLocations)],
  });
  const blockNotice = readBlockNotice({
    url: http.url,
    body: http.body,
    bodyBytes: http.bodyBytes,
    status: http.status,
    redirectTargets: http.redirects.map((hop) => hop.to),
    usualBodyBytes: context.usualBodyBytes,
  });
  const hopHost = redirectedAway ? hostOf(lastHop) : undefined;
  const hopDns = obs.redirectDns?.find((entry) => entry.host === hopHost)?.dns;
  let ipFingerprint: FingerprintMatch | undefined;
  for (const ip of localAddresses) ipFingerprint ??= fingerprints.matchDnsIp(ip);

  return {
    obs,
    host,
    hostIsIp,
    https: lastHop.startsWith('https:'),
    netError,
    family: netErrorFamily(netError),
    kind: http.error?.kind,
    responded: http.status !== undefined,
    status: http.status,
    doh,
    system,
    redirectedAway,
    connectedIp,
    localAddresses,
    ipMismatch,
    blockpage,
    ipFingerprint,
    blockNotice,
    hopHost,
    hopDoh: hopDns ? summarizeDoh(hopDns) : undefined,
    lastIp: http.ip ? normalizeIp(http.ip) : undefined,
  };
}
