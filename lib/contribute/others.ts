/**
 * "How do others see it?": OONI's aggregate of everyone's measurements of one domain from one
 * country over the last days (GET /api/v1/aggregation). Shown beside our own verdict, never
 * replacing it; any failure is a quiet `ok: false` (the API is often unreachable exactly when
 * it would be most interesting).
 */
export interface OthersSee {
  measurements: number;
  anomalies: number;
  confirmed: number;
  ok: number;
  failures: number;
  since: string;
  until: string;
}

export type OthersResult = { ok: true; value: OthersSee } | { ok: false; reason: string };

interface AggregationAnswer {
  result?: {
    measurement_count?: unknown;
    anomaly_count?: unknown;
    confirmed_count?: unknown;
    ok_count?: unknown;
    failure_count?: unknown;
  };
}

const day = (time: number) => new Date(time).toISOString().slice(0, 10);

export async function whatOthersSee(request: {
  apiBase: string;
  probeCc: string;
  domain: string;
  days?: number;
  now?: number;
  fetch: typeof fetch;
  timeoutMs?: number;
}): Promise<OthersResult> {
  const now = request.now ?? Date.now();
  const since = day(now - (request.days ?? 7) * 86_400_000);
  const until = day(now + 86_400_000);
  const url = new URL('/api/v1/aggregation', request.apiBase);
  url.search = new URLSearchParams({
    probe_cc: request.probeCc,
    domain: request.domain,
    since,
    until,
  }).toString();
  try {
    const response = await request.fetch(url, {
      credentials: 'omit',
      cache: 'no-store',
      signal: AbortSignal.timeout(request.timeoutMs ?? 8_000),
    });
    if (!response.ok) return { ok: false, reason: `HTTP ${response.status}` };
    const body = (await response.json()) as AggregationAnswer;
    const r = body.result;
    const n = (value: unknown) =>
      typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : NaN;
    const value = {
      measurements: n(r?.measurement_count),
      anomalies: n(r?.anomaly_count),
      confirmed: n(r?.confirmed_count),
      ok: n(r?.ok_count),
      failures: n(r?.failure_count),
      since,
      until,
    };
    if (Object.values(value).some((v) => typeof v === 'number' && Number.isNaN(v)))
      return { ok: false, reason: 'bad-shape' };
    return { ok: true, value };
  } catch (error) {
    return { ok: false, reason: String(error) };
  }
}
