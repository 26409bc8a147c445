import { createFingerprintMatcher } from './matcher';
import { COMPILE_STATS, DNS_FINGERPRINTS, HTTP_FINGERPRINTS } from './table.generated';
import type { FingerprintMatch, FingerprintMatcher, HttpMatchInput } from './types';

export type * from './types';
export { createFingerprintMatcher, WEAK_PATTERN_MAX_BODY } from './matcher';
export { confidenceOf, confidenceRank } from './confidence';
// What a data bundle's fingerprints are compiled with (lib/data-bundle, scripts/data-bundle).
export { compileRecords, SOURCE_FILES, type FingerprintRecord } from './compile';
export { DNS_FINGERPRINTS, HTTP_FINGERPRINTS } from './table.generated';
export { readBlockNotice, normalizeText, type BlockNotice } from './meaning';
export { COMPILE_STATS as FINGERPRINT_STATS };

let shipped: FingerprintMatcher | undefined;

/** The matcher over the shipped dataset (data/fingerprints), built on first use. */
export function shippedFingerprints(): FingerprintMatcher {
  shipped ??= createFingerprintMatcher({ http: HTTP_FINGERPRINTS, dns: DNS_FINGERPRINTS });
  return shipped;
}

/** The strongest blockpage fingerprint in a response's body, headers or redirect targets. */
export function matchHttp(input: HttpMatchInput): FingerprintMatch | undefined {
  return shippedFingerprints().matchHttp(input);
}

/** A known blockpage or poisoning address (OONI's DNS fingerprints). */
export function matchDnsIp(ip: string): FingerprintMatch | undefined {
  return shippedFingerprints().matchDnsIp(ip);
}
