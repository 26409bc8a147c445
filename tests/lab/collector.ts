import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * OONI's check-in and collector, played on api.lab.test (ooni/spec bk-003-collector.md for the
 * collector). The check-in answers what ooni/backend's does (ooniapi probe services,
 * `CheckInResponse`): v, probe_cc, probe_asn, probe_network_name, utc_time, conf, tests — and no
 * address of the probe, so nothing in the extension can lean on one. LAB_PROBE_IP is a recognisable
 * TEST-NET-3 literal that no real interface has: the /whoami page on any site shows it, and a test
 * may make the check-in report it (`checkIn.probe_ip`) to exercise the scrubber.
 */
export const LAB_PROBE_IP = '203.0.113.77';

export interface LabReport {
  id: string;
  header: Record<string, unknown>;
  measurements: Record<string, unknown>[];
  closed: boolean;
}

export interface LabCollector {
  /** 'reset': connections are cut (network down); '503': the collector answers 503. */
  mode: 'up' | 'reset' | '503';
  /** Return a reason to answer 400 for this measurement (a "malformed" one). */
  reject?: (content: Record<string, unknown>) => string | undefined;
  checkIn: { probe_cc: string; probe_asn: string; probe_network_name: string; probe_ip?: string };
  reports: Map<string, LabReport>;
  /** Every measurement accepted, in arrival order. */
  received: { reportId: string; content: Record<string, unknown> }[];
  reset(): void;
}

export function createLabCollector(): LabCollector {
  const collector: LabCollector = {
    mode: 'up',
    checkIn: {
      probe_cc: 'KZ',
      probe_asn: 'AS9198',
      probe_network_name: 'JSC Kazakhtelecom (lab)',
    },
    reports: new Map(),
    received: [],
    reset() {
      collector.mode = 'up';
      collector.reject = undefined;
      collector.reports.clear();
      collector.received.length = 0;
    },
  };
  return collector;
}

const CC = /^[A-Z]{2}$/;
const ASN = /^AS[0-9]{1,10}$/;
const NAME = /^[0-9A-Za-z_.+-]+$/;
const TEST_NAME = /^[a-zA-Z0-9_\- ]+$/;
const TOP_LEVEL = [
  'data_format_version',
  'input',
  'measurement_start_time',
  'probe_asn',
  'probe_cc',
  'probe_ip',
  'report_id',
  'software_name',
  'software_version',
  'test_keys',
  'test_name',
  'test_runtime',
  'test_start_time',
  'test_version',
];

/** Answers check-in and collector paths; returns false for any other path. */
export function handleCollector(
  collector: LabCollector,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  body: string,
): boolean {
  const isCheckIn = path === '/api/v1/check-in';
  const report = /^\/report(?:\/([^/]+)(\/close)?)?$/.exec(path);
  if (!isCheckIn && !report) return false;
  if (collector.mode === 'reset') {
    // HTTPS reaches the apps through a TLS socket, which cannot send an RST: cut it instead.
    req.socket.destroy();
    return true;
  }
  const json = (status: number, value: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(value));
  if (collector.mode === '503') return (json(503, { error: 'collector down for maintenance' }), true);
  if (req.method !== 'POST') return (json(405, { error: 'POST only' }), true);
  let parsed: Record<string, unknown> = {};
  if (body) {
    try {
      const value: unknown = JSON.parse(body);
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw new Error('not an object');
      parsed = value as Record<string, unknown>;
    } catch {
      return (json(400, { error: 'body is not a JSON object' }), true);
    }
  }

  if (isCheckIn) {
    const utc_time = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    return (json(200, { v: 1, ...collector.checkIn, utc_time, conf: { features: {} }, tests: {} }), true);
  }

  const [, id, close] = report!;
  if (!id) {
    const bad =
      parsed.data_format_version !== '0.2.0'
        ? 'data_format_version'
        : parsed.format !== 'json'
          ? 'format'
          : !CC.test(String(parsed.probe_cc))
            ? 'probe_cc'
            : !ASN.test(String(parsed.probe_asn))
              ? 'probe_asn'
              : !NAME.test(String(parsed.software_name))
                ? 'software_name'
                : !NAME.test(String(parsed.software_version))
                  ? 'software_version'
                  : !TEST_NAME.test(String(parsed.test_name))
                    ? 'test_name'
                    : !NAME.test(String(parsed.test_version))
                      ? 'test_version'
                      : undefined;
    if (bad) return (json(400, { error: `invalid ${bad}` }), true);
    const reportId = `${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}Z_${parsed.probe_asn}_${randomBytes(32).toString('hex')}`;
    collector.reports.set(reportId, { id: reportId, header: parsed, measurements: [], closed: false });
    return (
      json(200, { backend_version: 'lab-1.0', report_id: reportId, supported_formats: ['json'] }),
      true
    );
  }
  const open = collector.reports.get(decodeURIComponent(id));
  if (!open || open.closed) return (json(400, { error: 'no such open report' }), true);
  if (close) {
    open.closed = true;
    return (json(200, { status: 'success' }), true);
  }
  const content = parsed.content as Record<string, unknown> | undefined;
  if (parsed.format !== 'json' || typeof content !== 'object' || content === null)
    return (json(400, { error: 'content must be a JSON object' }), true);
  const missing = TOP_LEVEL.filter((key) => !(key in content));
  if (missing.length) return (json(400, { error: `missing ${missing.join(', ')}` }), true);
  if (content.report_id !== open.id) return (json(400, { error: 'report_id does not match the URL' }), true);
  const rejected = collector.reject?.(content);
  if (rejected) return (json(400, { error: rejected }), true);
  open.measurements.push(content);
  collector.received.push({ reportId: open.id, content });
  return (json(200, { measurement_uid: randomBytes(8).toString('hex') }), true);
}
