/** Main-frame navigation errors that mean "the site could not be reached" (not the user's doing). */
const NETWORK_FAILURES =
  /^(net::ERR_(NAME_NOT_RESOLVED|CONNECTION_|TIMED_OUT|ADDRESS_UNREACHABLE|SSL_|CERT_|EMPTY_RESPONSE|TUNNEL_CONNECTION_FAILED|QUIC_PROTOCOL_ERROR|HTTP2_PROTOCOL_ERROR|INVALID_HTTP_RESPONSE)|NS_ERROR_(UNKNOWN_HOST|NET_RESET|CONNECTION_REFUSED|NET_TIMEOUT|NET_INTERRUPT)|SEC_ERROR_|SSL_ERROR_|MOZILLA_PKIX_ERROR_)/;

/** Should a failed page load start a diagnosis of that page? */
export function isDiagnosableNavigationError(error: string, url: string): boolean {
  if (!/^https?:/.test(url)) return false;
  return NETWORK_FAILURES.test(error);
}

export const ALARM_NAME = 'vantage-scheduled-check';
