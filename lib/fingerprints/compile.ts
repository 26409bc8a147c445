import type {
  CompileStats,
  DnsFingerprintRow,
  FingerprintScope,
  HttpFingerprintRow,
  PatternType,
} from './types';

/**
 * The CSVs in data/fingerprints, in table order: OONI's rows first, then ours (on a tie the
 * matcher prefers the longer pattern, then the earlier row). A missing file is skipped.
 */
export const SOURCE_FILES = {
  http: ['fingerprints_http.csv', 'vantage_http.csv'],
  dns: ['fingerprints_dns.csv', 'vantage_dns.csv'],
} as const;

/** One CSV record, keyed by the ooni/blocking-fingerprints header. */
export type FingerprintRecord = Record<string, string | undefined>;

const SCOPES: readonly FingerprintScope[] = ['nat', 'isp', 'prod', 'inst', 'vbw', 'prov'];
const PATTERN_TYPES: readonly PatternType[] = ['full', 'prefix', 'contains', 'regexp'];

/**
 * Rows the dataset files under a blocking scope that describe something else. Kept short and
 * reasoned; each is a judgement, not a data error.
 */
const NOT_CENSORSHIP: Record<string, string> = {
  // DDoS-Guard's browser check is what a site behind that Russian anti-DDoS CDN serves to a
  // cookieless fetch: the site answering through its own provider, not a blockpage.
  'cp.a_prod_ddos_guard': 'anti-DDoS challenge page',
};

export interface CompiledTables {
  http: HttpFingerprintRow[];
  dns: DnsFingerprintRow[];
  stats: CompileStats;
}

/**
 * Turn CSV records into the compact tables lib/fingerprints matches against. Pure: the script in
 * scripts/compile-fingerprints.ts reads the files and writes table.generated.ts.
 *
 * Dropped, and counted by reason: false-positive (`fp`) and benign-injection (`injb`) scopes,
 * rows with an unknown scope/location/type, empty patterns, regexps JavaScript rejects or that
 * match the empty string, generic DNS bogon answers (scope vbw: 0.0.0.0, 127.0.0.1, 1.2.3.4 —
 * lib/verdict's bogon rule handles those, and in the test lab every address is 127.x), DNS
 * patterns that are host names rather than addresses, and duplicate names.
 */
export function compileRecords(http: FingerprintRecord[], dns: FingerprintRecord[]): CompiledTables {
  const stats: CompileStats = {
    http: { rows: http.length, compiled: 0, skipped: {} },
    dns: { rows: dns.length, compiled: 0, skipped: {} },
  };
  const skip = (table: 'http' | 'dns', reason: string) => {
    stats[table].skipped[reason] = (stats[table].skipped[reason] ?? 0) + 1;
  };

  const httpRows: HttpFingerprintRow[] = [];
  const httpNames = new Set<string>();
  for (const record of http) {
    const row = compileHttp(record);
    if (typeof row === 'string') skip('http', row);
    else if (httpNames.has(row[0])) skip('http', 'duplicate-name');
    else {
      httpNames.add(row[0]);
      httpRows.push(row);
    }
  }

  const dnsRows: DnsFingerprintRow[] = [];
  const dnsNames = new Set<string>();
  for (const record of dns) {
    const row = compileDns(record);
    if (typeof row === 'string') skip('dns', row);
    else if (dnsNames.has(row[0])) skip('dns', 'duplicate-name');
    else {
      dnsNames.add(row[0]);
      dnsRows.push(row);
    }
  }
  stats.http.compiled = httpRows.length;
  stats.dns.compiled = dnsRows.length;
  return { http: httpRows, dns: dnsRows, stats };
}

function common(
  record: FingerprintRecord,
): { name: string; scope: FingerprintScope; confidence: number } | string {
  const name = (record.name ?? '').trim();
  if (!name) return 'missing-name';
  const scope = (record.scope ?? '').trim();
  if (scope === 'fp') return 'false-positive-scope';
  if (scope === 'injb') return 'benign-injection-scope';
  if (!(SCOPES as readonly string[]).includes(scope)) return 'unknown-scope';
  if (NOT_CENSORSHIP[name]) return 'not-censorship';
  const confidence = Number((record.confidence_no_fp ?? '').trim());
  if (!Number.isInteger(confidence) || confidence < 0 || confidence > 10) return 'bad-confidence';
  return { name, scope: scope as FingerprintScope, confidence };
}

function countries(record: FingerprintRecord): string {
  return (record.expected_countries ?? '')
    .split(',')
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean)
    .join(',');
}

function compileHttp(record: FingerprintRecord): HttpFingerprintRow | string {
  const base = common(record);
  if (typeof base === 'string') return base;
  const location = (record.location_found ?? '').trim().toLowerCase();
  if (location !== 'body' && !/^header\.[a-z0-9-]+$/.test(location)) return 'unknown-location';
  const type = (record.pattern_type ?? '').trim();
  if (!(PATTERN_TYPES as readonly string[]).includes(type)) return 'unknown-pattern-type';
  // Patterns are kept byte for byte: leading spaces are part of some (" <title>…").
  const pattern = record.pattern ?? '';
  if (pattern.trim() === '') return 'empty-pattern';
  if (type === 'regexp') {
    let regexp: RegExp;
    try {
      regexp = new RegExp(pattern);
    } catch {
      return 'invalid-regexp';
    }
    if (regexp.test('')) return 'regexp-matches-empty';
  }
  return [
    base.name,
    base.scope,
    location as HttpFingerprintRow[2],
    type as PatternType,
    pattern,
    base.confidence,
    countries(record),
  ];
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function compileDns(record: FingerprintRecord): DnsFingerprintRow | string {
  const base = common(record);
  if (typeof base === 'string') return base;
  if ((record.location_found ?? '').trim() !== 'dns') return 'unknown-location';
  if ((record.pattern_type ?? '').trim() !== 'full') return 'unknown-pattern-type';
  if (base.scope === 'vbw') return 'generic-bogon';
  const ip = (record.pattern ?? '').trim().toLowerCase();
  const v4 = IPV4.exec(ip);
  const isV4 = v4 !== null && v4.slice(1).every((octet) => Number(octet) <= 255);
  const isV6 = ip.includes(':') && /^[0-9a-f:.]+$/.test(ip);
  if (!isV4 && !isV6) return 'not-an-ip';
  return [base.name, base.scope, ip, base.confidence, countries(record)];
}
