import type { MeasurementRecord, OoniMeasurement } from '../db';

export type { OoniMeasurement };

export interface OoniContext {
  softwareVersion: string;
  probeCc?: string;
  probeAsn?: string;
  networkName?: string;
  reportId?: string;
  runStartedAt?: number;
}

export const BROWSER_WEB_TEST_VERSION = '0.1.0';

/** OONI's timestamps: UTC, "YYYY-MM-DD HH:MM:SS". */
function ooniTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export function toOoniMeasurement(record: MeasurementRecord, context: OoniContext): OoniMeasurement {
  const { observation: obs, verdict } = record;
  const started = Date.parse(obs.startedAt);
  const loaded = obs.http.status !== undefined && !obs.http.error;
  return {
    annotations: { platform: 'browser', engine_name: 'vantage', browser: obs.browser },
    data_format_version: '0.2.0',
    input: obs.target.url,
    measurement_start_time: ooniTime(started),
    probe_asn: context.probeAsn ?? 'AS0',
    probe_cc: context.probeCc ?? 'ZZ',
    probe_ip: '127.0.0.1',
    probe_network_name: context.networkName ?? '',
    report_id: context.reportId ?? '',
    software_name: 'vantage',
    software_version: context.softwareVersion,
    test_name: 'browser_web',
    test_version: BROWSER_WEB_TEST_VERSION,
    test_start_time: ooniTime(context.runStartedAt ?? started),
    test_runtime: obs.http.timing.endMs / 1000,
    test_keys: {
      result: loaded ? 'ok' : 'error',
      load_time_ms: loaded ? Math.round(obs.http.timing.endMs) : null,
      browser: obs.browser,
      // OONI's vocabulary: false when accessible, else the blocking type.
      blocking: verdict.blocking === 'accessible' ? false : verdict.blocking,
      accessible:
        verdict.blocking === 'accessible' ? true : verdict.blocking === 'inconclusive' ? null : false,
      vantage_verdict: verdict,
      vantage_http: {
        status: obs.http.status ?? null,
        final_url: obs.http.finalUrl ?? null,
        redirects: obs.http.redirects,
        title: obs.http.title ?? null,
        body_length: obs.http.bodyBytes,
        body_truncated: obs.http.bodyTruncated,
        headers: obs.http.headers,
        failure: obs.http.error ? (obs.http.error.netError ?? obs.http.error.kind) : null,
        connected_ip: obs.http.ip ?? null,
        first_byte_ms: obs.http.timing.firstByteMs ?? null,
        throughput_bps: obs.http.throughputBps ?? null,
      },
      vantage_dns: obs.dns.map((d) => ({
        resolver: d.resolver,
        via: d.via,
        ok: d.ok,
        rcode: d.rcode ?? null,
        addresses: d.addresses,
        failure: d.error ?? null,
      })),
      vantage_tls: obs.tls ?? null,
      vantage_sni_control: obs.sniControl ?? null,
    },
  };
}

/** JSON Lines: one measurement a line, as OONI's own exports. */
export function toJsonLines(records: MeasurementRecord[], context: OoniContext): string {
  return (
    records.map((record) => JSON.stringify(toOoniMeasurement(record, context))).join('\n') +
    (records.length ? '\n' : '')
  );
}
