/**
 * The browser's own error strings, reduced to the families the rules reason about. Chromium
 * reports `net::ERR_*` (net/base/net_error_list.h); Firefox reports `NS_ERROR_*`, NSS/NSPR codes
 * (`SEC_ERROR_*`, `SSL_ERROR_*`, `PR_*_ERROR`) and `MOZILLA_PKIX_ERROR_*`.
 */
export type NetErrorFamily =
  | 'offline'
  | 'network-changed'
  | 'aborted'
  | 'name-not-resolved'
  | 'reset'
  | 'refused'
  | 'timeout'
  | 'closed'
  | 'connect-failed'
  | 'cert-known-interception'
  | 'cert-authority'
  | 'cert-name'
  | 'cert-date'
  | 'cert-invalid'
  | 'tls-handshake'
  | 'redirect-loop'
  | 'broken-response'
  | 'blocked-locally'
  | 'proxy'
  | 'other';

const EXACT: Record<string, NetErrorFamily> = {
  ERR_INTERNET_DISCONNECTED: 'offline',
  NS_ERROR_OFFLINE: 'offline',
  ERR_NETWORK_CHANGED: 'network-changed',
  ERR_ABORTED: 'aborted',
  NS_BINDING_ABORTED: 'aborted',
  NS_ERROR_ABORT: 'aborted',

  ERR_NAME_NOT_RESOLVED: 'name-not-resolved',
  ERR_NAME_RESOLUTION_FAILED: 'name-not-resolved',
  NS_ERROR_UNKNOWN_HOST: 'name-not-resolved',

  ERR_CONNECTION_RESET: 'reset',
  NS_ERROR_NET_RESET: 'reset',
  PR_CONNECT_RESET_ERROR: 'reset',
  // ENOTCONN: a reset that lands while Chromium is still writing the request on a fresh socket
  // (net::MapSystemError); seen on the lab's reset hosts when the machine is loaded.
  ERR_SOCKET_NOT_CONNECTED: 'reset',

  ERR_CONNECTION_REFUSED: 'refused',
  NS_ERROR_CONNECTION_REFUSED: 'refused',
  PR_CONNECT_REFUSED_ERROR: 'refused',

  ERR_CONNECTION_TIMED_OUT: 'timeout',
  ERR_TIMED_OUT: 'timeout',
  ERR_ADDRESS_UNREACHABLE: 'timeout',
  NS_ERROR_NET_TIMEOUT: 'timeout',
  NS_ERROR_NET_TIMEOUT_EXTERNAL: 'timeout',
  PR_IO_TIMEOUT_ERROR: 'timeout',

  ERR_CONNECTION_CLOSED: 'closed',
  ERR_EMPTY_RESPONSE: 'closed',
  ERR_CONNECTION_ABORTED: 'closed',
  NS_ERROR_NET_INTERRUPT: 'closed',
  NS_ERROR_NET_EMPTY_RESPONSE: 'closed',
  PR_END_OF_FILE_ERROR: 'closed',

  ERR_CONNECTION_FAILED: 'connect-failed',

  // Chromium refuses certificates from roots it knows are used for interception, among them
  // Kazakhstan's (net/data/ssl/blocklist).
  ERR_CERT_KNOWN_INTERCEPTION_BLOCKED: 'cert-known-interception',
  ERR_CERT_AUTHORITY_INVALID: 'cert-authority',
  ERR_SSL_PINNED_KEY_NOT_IN_CERT_CHAIN: 'cert-authority',
  SEC_ERROR_UNKNOWN_ISSUER: 'cert-authority',
  SEC_ERROR_UNTRUSTED_ISSUER: 'cert-authority',
  SEC_ERROR_UNTRUSTED_CERT: 'cert-authority',
  SEC_ERROR_CA_CERT_INVALID: 'cert-authority',
  MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT: 'cert-authority',
  MOZILLA_PKIX_ERROR_MITM_DETECTED: 'cert-authority',
  ERR_CERT_COMMON_NAME_INVALID: 'cert-name',
  SSL_ERROR_BAD_CERT_DOMAIN: 'cert-name',
  ERR_CERT_DATE_INVALID: 'cert-date',
  SEC_ERROR_EXPIRED_CERTIFICATE: 'cert-date',
  SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE: 'cert-date',
  MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE: 'cert-date',
  MOZILLA_PKIX_ERROR_NOT_YET_VALID_ISSUER_CERTIFICATE: 'cert-date',

  ERR_TOO_MANY_REDIRECTS: 'redirect-loop',
  NS_ERROR_REDIRECT_LOOP: 'redirect-loop',

  ERR_INVALID_HTTP_RESPONSE: 'broken-response',
  ERR_INVALID_RESPONSE: 'broken-response',
  ERR_RESPONSE_HEADERS_TRUNCATED: 'broken-response',
  ERR_CONTENT_LENGTH_MISMATCH: 'broken-response',
  ERR_INCOMPLETE_CHUNKED_ENCODING: 'broken-response',
  ERR_INVALID_CHUNKED_ENCODING: 'broken-response',
  ERR_INVALID_REDIRECT: 'broken-response',
  ERR_UNSAFE_REDIRECT: 'broken-response',
  NS_ERROR_NET_PARTIAL_TRANSFER: 'broken-response',
  NS_ERROR_CORRUPTED_CONTENT: 'broken-response',
  NS_ERROR_INVALID_CONTENT_ENCODING: 'broken-response',

  ERR_BLOCKED_BY_CLIENT: 'blocked-locally',
  ERR_BLOCKED_BY_ADMINISTRATOR: 'blocked-locally',
  ERR_NETWORK_ACCESS_DENIED: 'blocked-locally',
  ERR_TUNNEL_CONNECTION_FAILED: 'proxy',
  ERR_MANDATORY_PROXY_CONFIGURATION_FAILED: 'proxy',
  NS_ERROR_UNKNOWN_PROXY_HOST: 'proxy',
};

const PREFIXES: [string, NetErrorFamily][] = [
  ['ERR_DNS_', 'name-not-resolved'],
  ['ERR_CERT_', 'cert-invalid'],
  ['SEC_ERROR_', 'cert-invalid'],
  ['MOZILLA_PKIX_ERROR_', 'cert-invalid'],
  ['ERR_SSL_', 'tls-handshake'],
  ['SSL_ERROR_', 'tls-handshake'],
  ['ERR_HTTP2_', 'broken-response'],
  ['ERR_QUIC_', 'broken-response'],
  ['ERR_PROXY_', 'proxy'],
  ['NS_ERROR_PROXY_', 'proxy'],
];

/** 'net::ERR_CONNECTION_RESET' → 'ERR_CONNECTION_RESET'. */
export function bareNetError(netError: string): string {
  return netError.trim().replace(/^net::/, '');
}

/**
 * Firefox's webRequest names network errors by code (NS_ERROR_NET_RESET) but reports errors of
 * its security layer (certificates, TLS alerts) as NSS's sentence, in the browser's language:
 * "Peer's Certificate issuer is not recognized." A sentence rather than a code therefore means
 * the TLS peer was reached and the security layer objected.
 */
export function isSecurityLayerMessage(netError: string): boolean {
  return !/^(net::)?[A-Z][A-Z0-9_]*$/.test(netError.trim());
}

/** NSS's English sentences (en-US Firefox) for the certificate errors the rules tell apart. */
const SECURITY_SENTENCES: [RegExp, NetErrorFamily][] = [
  [/issuer is not recognized|issuer certificate is not trusted|self-signed/i, 'cert-authority'],
  [/domain name does not match|certificate is only valid for/i, 'cert-name'],
  [/has expired|not yet valid/i, 'cert-date'],
];

export function netErrorFamily(netError: string | undefined): NetErrorFamily | undefined {
  if (!netError) return undefined;
  const bare = bareNetError(netError);
  const exact = EXACT[bare];
  if (exact) return exact;
  for (const [prefix, family] of PREFIXES) if (bare.startsWith(prefix)) return family;
  if (isSecurityLayerMessage(bare)) {
    for (const [pattern, family] of SECURITY_SENTENCES) if (pattern.test(bare)) return family;
    // Another language, or another security error: the handshake failed, which is all it says.
    return 'tls-handshake';
  }
  return 'other';
}
