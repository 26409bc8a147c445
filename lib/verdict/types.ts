/** OONI's blocking vocabulary plus `throttled`, `down` and `inconclusive` (docs/methodology.md). */
export type Blocking =
  | 'accessible'
  | 'dns'
  | 'tcp_ip'
  | 'tls'
  | 'http-failure'
  | 'http-blockpage'
  | 'throttled'
  | 'down'
  | 'inconclusive';

export type Confidence = 'confirmed' | 'likely' | 'possible';

/** One fact the verdict rests on, with a stable code the UI can translate. */
export interface Evidence {
  code: string; // e.g. 'net-error', 'doh-nxdomain', 'fingerprint', 'ip-mismatch'
  detail: string;
}

export interface Verdict {
  blocking: Blocking;
  /** e.g. 'dns/nxdomain', 'dns/mismatch', 'tls/reset-after-hello', 'tls/untrusted-root'. */
  subKind: string;
  confidence: Confidence;
  evidence: Evidence[];
  /** Name of the matching fingerprint, when one matched. */
  fingerprint?: string;
}

/** The connection as a whole (lib/connectivity). */
export type ConnectionState =
  'offline' | 'captive-portal' | 'shutdown' | 'whitelist' | 'selective' | 'throttled' | 'normal' | 'unknown';
