import type { Target } from '../targets/types';

/**
 * Everything a browser lets an extension see about one attempt to reach a target.
 * lib/probe produces it; lib/verdict classifies it. Plain data: it is stored in
 * IndexedDB and exported in OONI's format, so no class instances or functions.
 */

export type FetchErrorKind =
  | 'timeout' // our AbortSignal.timeout fired
  | 'network' // fetch() rejected with a TypeError; netError says why
  | 'redirect-loop'
  | 'too-many-redirects'
  | 'aborted'; // cancelled by the user or a stopped run

export interface RedirectHop {
  from: string;
  to: string;
  status: number;
}

export interface HttpObservation {
  url: string;
  finalUrl?: string;
  redirects: RedirectHop[];
  status?: number;
  /** Selected response headers, names lower-cased. */
  headers: Record<string, string>;
  /** Body text, capped (see bodyTruncated). */
  body?: string;
  bodyBytes: number;
  bodyTruncated: boolean;
  title?: string;
  /** The address the browser actually connected to (webRequest details.ip). */
  ip?: string;
  error?: {
    kind: FetchErrorKind;
    /** net::ERR_* (Chromium) or NS_ERROR_* (Firefox) from webRequest.onErrorOccurred. */
    netError?: string;
    message: string;
  };
  /** Milliseconds since the observation started. */
  timing: { firstByteMs?: number; endMs: number };
  /** Bytes per second over the body, when a body was read. */
  throughputBps?: number;
}

export type DnsRcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED' | 'OTHER';

export interface DnsObservation {
  /** Resolver URL, or 'system' for Firefox's browser.dns.resolve. */
  resolver: string;
  via: 'doh-wire' | 'doh-json' | 'system';
  /** False when the resolver could not be reached or answered garbage. */
  ok: boolean;
  rcode?: DnsRcode;
  addresses: string[];
  error?: string;
  ms: number;
}

/** Firefox only: webRequest.getSecurityInfo on the HTTPS response. */
export interface TlsObservation {
  state: string; // 'secure' | 'broken' | 'insecure' | 'weak'
  isBuiltInRoot?: boolean;
  /** Subject and issuer of each certificate, leaf first. */
  chain: { subject: string; issuer: string }[];
  errorMessage?: string;
}

/**
 * A second HTTPS attempt straight to an IP the resolvers gave, without SNI.
 * If this completes a TLS handshake (even with a name mismatch) while the
 * named request was reset, the reset depended on the SNI: TLS interference,
 * not an IP block.
 */
export interface SniControlObservation {
  ip: string;
  /** True when the TLS handshake got far enough to present a certificate. */
  handshakeReached: boolean;
  netError?: string;
}

export interface Observation {
  target: Target;
  /** ISO time the observation began. */
  startedAt: string;
  browser: 'chromium' | 'firefox';
  http: HttpObservation;
  dns: DnsObservation[];
  tls?: TlsObservation;
  sniControl?: SniControlObservation;
  /**
   * When the request failed after a redirect to another host: what the DoH resolvers say about
   * each such host, so the hop that failed is judged by its own name.
   */
  redirectDns?: { host: string; dns: DnsObservation[] }[];
}
