import type { MeasurementRecord } from '../../../lib/db';
import type { Target } from '../../../lib/targets/types';

/** A device address for scrubbing tests (TEST-NET-3, never a real host). */
export const FAKE_IP = '203.0.113.77';

export function measurement(
  url: string,
  options: { source?: Target['source']; title?: string; runId?: string; id?: string; status?: number } = {},
): MeasurementRecord {
  const id = options.id ?? `m-${url}`;
  return {
    id,
    runId: options.runId ?? 'run-1',
    targetId: url,
    time: Date.UTC(2022, 0, 5, 10, 0, 3),
    observation: {
      target: { id: url, url, name: url, category: 'news', source: options.source ?? 'pack' },
      startedAt: new Date(Date.UTC(2022, 0, 5, 10, 0, 1)).toISOString(),
      browser: 'chromium',
      http: {
        url,
        redirects: [],
        status: options.status ?? 200,
        headers: { 'content-type': 'text/html', 'x-client': `seen from ${FAKE_IP}` },
        bodyBytes: 1234,
        bodyTruncated: false,
        title: options.title ?? 'A page',
        ip: '127.0.7.10',
        timing: { firstByteMs: 40, endMs: 120 },
      },
      dns: [
        {
          resolver: 'https://doh1/dns-query',
          via: 'doh-wire',
          ok: true,
          rcode: 'NOERROR',
          addresses: ['127.0.7.10'],
          ms: 5,
        },
      ],
    },
    verdict: { blocking: 'accessible', subKind: 'accessible/ok', confidence: 'likely', evidence: [] },
  };
}

export interface FakeRequest {
  method: string;
  path: string;
  body: string;
}

/**
 * A fetch() that plays OONI's check-in and collector, recording every request. `mode` switches
 * it down (network error or 503); `refuse` answers 400 for a measurement it picks.
 */
export function fakeOoni(options: { probeCc?: string; probeAsn?: string; probeIp?: string } = {}) {
  const requests: FakeRequest[] = [];
  const received: Record<string, unknown>[] = [];
  const state = {
    mode: 'up' as 'up' | 'network-down' | '503',
    refuse: (_content: Record<string, unknown>) => false,
    checkInMode: 'up' as 'up' | 'network-down',
  };
  let reports = 0;
  const fakeFetch = (async (input: URL | string, init?: RequestInit) => {
    const url = new URL(String(input));
    const body = typeof init?.body === 'string' ? init.body : '';
    requests.push({ method: init?.method ?? 'GET', path: url.pathname, body });
    if (url.pathname === '/api/v1/check-in') {
      if (state.checkInMode === 'network-down') throw new TypeError('Failed to fetch');
      return Response.json({
        v: 1,
        probe_cc: options.probeCc ?? 'KZ',
        probe_asn: options.probeAsn ?? 'AS9198',
        probe_network_name: 'JSC Kazakhtelecom',
        // OONI's check-in answers no address (ooni/backend, CheckInResponse: v, probe_cc,
        // probe_asn, probe_network_name, utc_time, conf, tests); a test may add one.
        utc_time: '2022-01-05T12:00:00Z',
        conf: { features: {} },
        tests: {},
        ...(options.probeIp ? { probe_ip: options.probeIp } : {}),
      });
    }
    if (state.mode === 'network-down') throw new TypeError('Failed to fetch');
    if (state.mode === '503') return new Response('maintenance', { status: 503 });
    if (url.pathname === '/report') {
      reports++;
      return Response.json({
        backend_version: '1',
        report_id: `report-${reports}`,
        supported_formats: ['json'],
      });
    }
    const close = /^\/report\/([^/]+)\/close$/.exec(url.pathname);
    if (close) return Response.json({ status: 'success' });
    const update = /^\/report\/([^/]+)$/.exec(url.pathname);
    if (update) {
      const { content } = JSON.parse(body) as { content: Record<string, unknown> };
      if (state.refuse(content)) return new Response('{"error":"invalid test_keys"}', { status: 400 });
      received.push(content);
      return Response.json({ measurement_uid: `uid-${received.length}` });
    }
    return new Response('not found', { status: 404 });
  }) as unknown as typeof fetch;
  return { fetch: fakeFetch, requests, received, state };
}
