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

/** How, within a kind of blocking: every sub-kind a rule can give (the UI has words for each). */
export const SUB_KINDS = [
  'accessible/ok',
  'accessible/http-status',
  'dns/nxdomain',
  'dns/mismatch',
  'dns/bogon',
  'dns/known-blockpage-ip',
  'dns/fake-address',
  'dns/redirect-target',
  'down/nxdomain',
  'down/no-address',
  'down/redirect-loop',
  'down/redirect-target-gone',
  'http-blockpage/fingerprint',
  'http-blockpage/redirect-to-block-host',
  'http-blockpage/status-451',
  'http-blockpage/wording',
  'http-blockpage/redirect-with-original-url',
  'http-failure/body-interrupted',
  'http-failure/broken-response',
  'http-failure/empty-response',
  'http-failure/redirect-failed',
  'http-failure/redirect-loop',
  'inconclusive/aborted',
  'inconclusive/blocked-locally',
  'inconclusive/captive-portal',
  'inconclusive/cert-mismatch',
  'inconclusive/certificate-date',
  'inconclusive/dns-unverified',
  'inconclusive/network-changed',
  'inconclusive/offline',
  'inconclusive/proxy',
  'inconclusive/refused',
  'inconclusive/unexplained',
  'tcp_ip/connect-failed',
  'tcp_ip/refused',
  'tcp_ip/reset',
  'tcp_ip/timeout',
  'throttled/slow',
  'throttled/stalled',
  'tls/cert-invalid',
  'tls/cert-mismatch',
  'tls/handshake-failure',
  'tls/reset-after-hello',
  'tls/timeout-after-hello',
  'tls/untrusted-root',
] as const;
export type SubKind = (typeof SUB_KINDS)[number];

/** One fact the verdict rests on, with a stable code the UI can translate. */
export interface Evidence {
  code: string; // e.g. 'net-error', 'doh-nxdomain', 'fingerprint', 'ip-mismatch'
  detail: string;
}

export interface Verdict {
  blocking: Blocking;
  /** e.g. 'dns/nxdomain', 'dns/mismatch', 'tls/reset-after-hello', 'tls/untrusted-root'. */
  subKind: SubKind;
  confidence: Confidence;
  evidence: Evidence[];
  /** Name of the matching fingerprint, when one matched. */
  fingerprint?: string;
}

/** The connection as a whole (lib/connectivity). */
export type ConnectionState =
  'offline' | 'captive-portal' | 'shutdown' | 'whitelist' | 'selective' | 'throttled' | 'normal' | 'unknown';
