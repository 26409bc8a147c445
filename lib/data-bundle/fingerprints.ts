import {
  compileRecords,
  type FingerprintRecord,
  createFingerprintMatcher,
  shippedFingerprints,
  type FingerprintMatcher,
  DNS_FINGERPRINTS,
  HTTP_FINGERPRINTS,
} from '../fingerprints';
import type { BundleFingerprints, InstalledBundle } from './format';

/**
 * Blockpage fingerprints from a data bundle. The bundle carries the dataset's CSV records
 * (ooni/blocking-fingerprints columns, as in data/fingerprints) and the extension compiles them
 * with the very function the build uses (lib/fingerprints/compile.ts): the same rules drop the
 * false-positive scopes, bogon addresses and regexps the engine refuses, whoever made the file.
 */
/** Bounds on what a bundle may ask the matcher to hold (the shipped set is ~1,300 + ~500 rows). */
const MAX_RECORDS = 20_000;
const MAX_FIELD_CHARS = 4_096;

export function parseBundleFingerprints(
  value: unknown,
): { ok: true; tables: BundleFingerprints } | { ok: false; detail: string } {
  if (typeof value !== 'object' || value === null) return { ok: false, detail: 'expected {http, dns}' };
  const { http, dns } = value as { http?: unknown; dns?: unknown };
  const records = (list: unknown): FingerprintRecord[] | undefined => {
    if (!Array.isArray(list) || list.length > MAX_RECORDS) return undefined;
    const ok = list.every(
      (record) =>
        typeof record === 'object' &&
        record !== null &&
        !Array.isArray(record) &&
        Object.values(record as object).every(
          (field) => typeof field === 'string' && field.length <= MAX_FIELD_CHARS,
        ),
    );
    return ok ? (list as FingerprintRecord[]) : undefined;
  };
  const httpRecords = records(http ?? []);
  const dnsRecords = records(dns ?? []);
  if (!httpRecords || !dnsRecords) {
    return { ok: false, detail: `http and dns must be lists of at most ${MAX_RECORDS} records of strings` };
  }
  const compiled = compileRecords(httpRecords, dnsRecords);
  if (compiled.http.length + compiled.dns.length === 0) {
    return { ok: false, detail: 'no usable fingerprint' };
  }
  return { ok: true, tables: { http: compiled.http, dns: compiled.dns } };
}

// Built once per installed bundle (a bundle is identified by its version and when it was taken).
let cached: { key: string; matcher: FingerprintMatcher } | undefined;

/**
 * The matcher a check uses: the bundle's fingerprints on top of the shipped ones. The shipped set
 * is the floor — a bundle adds fingerprints and replaces those of the same name, never removes —
 * so a bundle can sharpen detection but not blind it.
 */
export function fingerprintsInForce(bundle: InstalledBundle | undefined): FingerprintMatcher {
  if (!bundle?.fingerprints) return shippedFingerprints();
  const key = `${bundle.version}@${bundle.installedAt}`;
  if (cached?.key === key) return cached.matcher;
  const { http, dns } = bundle.fingerprints;
  const httpNames = new Set(http.map((row) => row[0]));
  const dnsNames = new Set(dns.map((row) => row[0]));
  const matcher = createFingerprintMatcher({
    http: [...http, ...HTTP_FINGERPRINTS.filter((row) => !httpNames.has(row[0]))],
    dns: [...dns, ...DNS_FINGERPRINTS.filter((row) => !dnsNames.has(row[0]))],
  });
  cached = { key, matcher };
  return matcher;
}
