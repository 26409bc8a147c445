import type { Confidence } from '../verdict/types';

/**
 * Citizen Lab's scopes, as used by ooni/blocking-fingerprints (README "Schema"):
 * nat national blockpage, isp ISP blockpage, prod middlebox product, inst voluntary institution
 * (school, office), vbw vague blocking word, prov the provider itself blocks on a state order.
 * `fp` (a fingerprint of a known FALSE positive) and `injb` (a benign injection) describe pages
 * that are not blockpages: the compiler drops them.
 */
export type FingerprintScope = 'nat' | 'isp' | 'prod' | 'inst' | 'vbw' | 'prov';

export type PatternType = 'full' | 'prefix' | 'contains' | 'regexp';

/** `body`, or `header.<name>` with the name lower-cased. */
export type HttpLocation = 'body' | `header.${string}`;

/**
 * One compiled HTTP fingerprint, as a tuple to keep the generated table small:
 * [name, scope, location, patternType, pattern, confidenceNoFp (0–10), expectedCountries ("RU,BY")].
 */
export type HttpFingerprintRow = readonly [
  name: string,
  scope: FingerprintScope,
  location: HttpLocation,
  patternType: PatternType,
  pattern: string,
  confidenceNoFp: number,
  countries: string,
];

/** A known blockpage or poisoning address: [name, scope, ip, confidenceNoFp, expectedCountries]. */
export type DnsFingerprintRow = readonly [
  name: string,
  scope: FingerprintScope,
  ip: string,
  confidenceNoFp: number,
  countries: string,
];

export interface FingerprintTables {
  http: readonly HttpFingerprintRow[];
  dns: readonly DnsFingerprintRow[];
}

export interface FingerprintMatch {
  name: string;
  confidence: Confidence;
  scope: FingerprintScope;
  /** ISO 3166 codes where the blockpage is expected; empty when unknown. */
  countries: string[];
  /** Where it matched: 'body', 'header.<name>' (a redirect target counts as header.location) or 'dns'. */
  location: string;
  /** The header value or redirect URL that matched (never the body: it can be a megabyte). */
  value?: string;
}

/** What an HTTP fingerprint is matched against. Header names must be lower-cased (as lib/probe stores them). */
export interface HttpMatchInput {
  body?: string;
  headers?: Readonly<Record<string, string>>;
  /** Every Location the request was redirected to, in order (webRequest redirect hops, final URL). */
  redirectLocations?: readonly string[];
}

export interface FingerprintMatcher {
  matchHttp(input: HttpMatchInput): FingerprintMatch | undefined;
  matchDnsIp(ip: string): FingerprintMatch | undefined;
}

/** What the compiler kept and dropped, written into the generated table for the record. */
export interface CompileStats {
  http: { rows: number; compiled: number; skipped: Record<string, number> };
  dns: { rows: number; compiled: number; skipped: Record<string, number> };
}
