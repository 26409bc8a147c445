/**
 * OONI's check-in (POST {api}/api/v1/check-in): the backend tells the probe which country and
 * network (AS number) it is in, from the address it sees. This is Vantage's only source of
 * location: no other geolocation service is ever asked. The address itself, when the backend
 * reports it, is used only to scrub it out of measurements and is never stored.
 */
export interface ProbeLocation {
  probeCc: string;
  probeAsn: string;
  networkName: string;
}

export type CheckInResult =
  { ok: true; location?: ProbeLocation; probeIp?: string } | { ok: false; reason: string };

const CC = /^[A-Z]{2}$/;
const ASN = /^AS\d{1,10}$/;

/** ZZ / AS0 are OONI's "unknown"; its backend silently drops measurements carrying them. */
export function isKnownLocation(cc: unknown, asn: unknown): boolean {
  return (
    typeof cc === 'string' &&
    typeof asn === 'string' &&
    CC.test(cc) &&
    ASN.test(asn) &&
    cc !== 'ZZ' &&
    asn !== 'AS0'
  );
}

export async function checkIn(request: {
  apiBase: string;
  softwareVersion: string;
  runType: 'timed' | 'manual';
  fetch: typeof fetch;
  timeoutMs?: number;
}): Promise<CheckInResult> {
  let response: Response;
  try {
    response = await request.fetch(new URL('/api/v1/check-in', request.apiBase), {
      method: 'POST',
      credentials: 'omit',
      cache: 'no-store',
      headers: { 'content-type': 'application/json' },
      signal: AbortSignal.timeout(request.timeoutMs ?? 15_000),
      // What OONI's probes send, with nothing the backend could not already see: unknown
      // location (it is what we ask), and no category preferences.
      body: JSON.stringify({
        charging: true,
        on_wifi: true,
        platform: 'browser',
        probe_asn: 'AS0',
        probe_cc: 'ZZ',
        run_type: request.runType,
        software_name: 'vantage',
        software_version: request.softwareVersion,
        web_connectivity: { category_codes: [] },
      }),
    });
  } catch (error) {
    return { ok: false, reason: `network: ${String(error)}` };
  }
  if (!response.ok) return { ok: false, reason: `HTTP ${response.status}` };
  let body: Record<string, unknown>;
  try {
    const parsed: unknown = await response.json();
    if (typeof parsed !== 'object' || parsed === null) return { ok: false, reason: 'bad-shape' };
    body = parsed as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'not-json' };
  }
  const probeIp = typeof body.probe_ip === 'string' && body.probe_ip ? body.probe_ip : undefined;
  const location = isKnownLocation(body.probe_cc, body.probe_asn)
    ? {
        probeCc: body.probe_cc as string,
        probeAsn: body.probe_asn as string,
        networkName: typeof body.probe_network_name === 'string' ? body.probe_network_name : '',
      }
    : undefined;
  return { ok: true, ...(location ? { location } : {}), ...(probeIp ? { probeIp } : {}) };
}
