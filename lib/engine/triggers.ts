import { isSpecialUseUrl } from '../targets';

/** Main-frame navigation errors that mean "the site could not be reached" (not the user's doing). */
const NETWORK_FAILURES =
  /^(net::ERR_(NAME_NOT_RESOLVED|CONNECTION_|TIMED_OUT|ADDRESS_UNREACHABLE|SSL_|CERT_|EMPTY_RESPONSE|TUNNEL_CONNECTION_FAILED|QUIC_PROTOCOL_ERROR|HTTP2_PROTOCOL_ERROR|INVALID_HTTP_RESPONSE)|NS_ERROR_(UNKNOWN_HOST|NET_RESET|CONNECTION_REFUSED|NET_TIMEOUT|NET_INTERRUPT)|SEC_ERROR_|SSL_ERROR_|MOZILLA_PKIX_ERROR_)/;

/**
 * Should a failed page load start a diagnosis of that page? Never for a local, private or onion
 * address: diagnosing asks public DoH resolvers about the name and stores it for the retention
 * period, and a .onion name or a home router's name is exactly what must not leave the device
 * (RFC 7686 §2; lib/targets/special-use.ts). Such pages fail for reasons of their own network.
 */
export function isDiagnosableNavigationError(error: string, url: string): boolean {
  if (!/^https?:/.test(url)) return false;
  if (isSpecialUseUrl(url)) return false;
  return NETWORK_FAILURES.test(error);
}

export const ALARM_NAME = 'vantage-scheduled-check';
