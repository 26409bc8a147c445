import type { MeasurementRecord } from '../db';
import type { OoniContext, OoniMeasurement } from './ooni-format';
import { toOoniMeasurement } from './ooni-format';

/**
 * What a contributed measurement may carry, field by field. It is built from the
 * observation anew — nothing is copied wholesale — so a key added to the observation tomorrow is
 * not sent until it is named here. Free text a page, a network or the browser wrote (titles,
 * header values, bodies, query strings and paths of redirects and final URLs, error messages,
 * evidence sentences, a DoH resolver's path) never leaves: it can carry the visitor's address, a
 * captive portal's MAC or session token, an account id. What stays is what the verdict needs:
 * OONI's browser_web keys, the verdict's codes, timings, status codes, the browser's error code,
 * the target's DNS answers and the address connected to, and certificate names.
 * The user's measurements file (lib/history/export.ts) carries the same, for it is passed on too;
 * toJsonLines (everything) stays for in-memory use and tests.
 */

const NET_ERROR = /^(?:net::ERR_[A-Z0-9_]+|NS_[A-Z0-9_]+|[A-Za-z]+Error)$/;
const TOKEN = /^[a-z0-9][a-z0-9/_.-]{0,63}$/i;
const V4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const V6 = /^[0-9a-f:]+(?:\d{1,3}(?:\.\d{1,3}){3})?$/i;

/** An IP literal, or null: a DNS answer or connected address is nothing else. */
function ipLiteral(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  return V4.test(value) || (value.includes(':') && V6.test(value)) ? value : null;
}

/** scheme://host[:port]/ — the host is what a redirect-to-block-host verdict rests on. */
function originOnly(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return `${url.protocol}//${url.host}/`;
  } catch {
    return null;
  }
}

/** A browser error code (net::ERR_…, NS_ERROR_…), or null: messages are free text. */
function errorCode(value: unknown): string | null {
  return typeof value === 'string' && NET_ERROR.test(value) ? value : null;
}

const token = (value: unknown): string | null =>
  typeof value === 'string' && TOKEN.test(value) ? value : null;
const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/** The measurement as it may be contributed: OONI's envelope, allow-listed test keys. */
export function toContribution(record: MeasurementRecord, context: OoniContext): OoniMeasurement {
  const full = toOoniMeasurement(record, context);
  const { observation: obs, verdict } = record;
  const http = obs.http;
  const codes = verdict.evidence.map((e) => token(e.code)).filter((c) => c !== null);
  // A root installed by security software on this device may be named per install.
  const localRoot = codes.includes('local-tls-inspection') || obs.tls?.isBuiltInRoot === false;
  return {
    ...full,
    annotations: { platform: 'browser', engine_name: 'vantage', browser: obs.browser },
    test_keys: {
      result: full.test_keys.result,
      load_time_ms: full.test_keys.load_time_ms,
      browser: obs.browser,
      blocking: full.test_keys.blocking,
      accessible: full.test_keys.accessible,
      vantage_verdict: {
        blocking: verdict.blocking,
        subKind: verdict.subKind,
        confidence: verdict.confidence,
        evidence: codes,
        fingerprint: token(verdict.fingerprint),
      },
      vantage_http: {
        status: num(http.status),
        final_url: originOnly(http.finalUrl),
        redirects: http.redirects.map((hop) => ({
          from: originOnly(hop.from),
          to: originOnly(hop.to),
          status: num(hop.status),
        })),
        body_length: num(http.bodyBytes),
        body_truncated: http.bodyTruncated === true,
        failure: http.error ? (errorCode(http.error.netError) ?? token(http.error.kind)) : null,
        connected_ip: ipLiteral(http.ip),
        first_byte_ms: num(http.timing.firstByteMs),
        end_ms: num(http.timing.endMs),
        throughput_bps: num(http.throughputBps),
      },
      vantage_dns: obs.dns.map((d) => ({
        // A resolver's path can be a per-user configuration id (e.g. NextDNS): host only.
        resolver: d.resolver === 'system' ? 'system' : originOnly(d.resolver),
        via: token(d.via),
        ok: d.ok === true,
        rcode: token(d.rcode),
        addresses: d.addresses.map(ipLiteral).filter((a) => a !== null),
        failed: d.error !== undefined,
        ms: num(d.ms),
      })),
      vantage_tls: obs.tls
        ? {
            state: token(obs.tls.state),
            is_built_in_root: typeof obs.tls.isBuiltInRoot === 'boolean' ? obs.tls.isBuiltInRoot : null,
            chain: localRoot ? null : obs.tls.chain.map((c) => ({ subject: c.subject, issuer: c.issuer })),
          }
        : null,
      vantage_sni_control: obs.sniControl
        ? {
            ip: ipLiteral(obs.sniControl.ip),
            handshake_reached: obs.sniControl.handshakeReached === true,
            failure: errorCode(obs.sniControl.netError),
          }
        : null,
    },
  };
}
