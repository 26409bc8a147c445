import { BROWSER_WEB_TEST_VERSION, type OoniMeasurement } from './ooni-format';

/**
 * OONI's collector protocol (ooni/spec backends/bk-003-collector.md): open a report with the
 * probe's location and software, append measurements to it one by one, close it. Requests carry
 * no cookies and no identifier of ours; the report id is the collector's, fresh for every run.
 */

/** Why a request failed, and whether trying again later can help. */
export interface CollectorFailure {
  ok: false;
  /** Network errors, 5xx and 429: the collector (or the way to it) is down; try later. */
  transient: boolean;
  reason: string;
}

export type CollectorResult<T> = ({ ok: true } & T) | CollectorFailure;

export interface ReportHeader {
  probeCc: string;
  probeAsn: string;
  softwareVersion: string;
  testStartTime: string;
}

interface Client {
  base: string;
  fetch: typeof fetch;
  timeoutMs?: number;
}

async function post(
  client: Client,
  path: string,
  body: unknown,
): Promise<CollectorResult<{ json: unknown }>> {
  let response: Response;
  try {
    response = await client.fetch(new URL(path, client.base), {
      method: 'POST',
      credentials: 'omit',
      cache: 'no-store',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(client.timeoutMs ?? 20_000),
    });
  } catch (error) {
    return { ok: false, transient: true, reason: `network: ${String(error)}` };
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    const transient = response.status >= 500 || response.status === 429;
    // The collector's own words (shortened) are what a user or a developer can act on.
    const detail = text.replace(/\s+/g, ' ').trim().slice(0, 200);
    return { ok: false, transient, reason: `HTTP ${response.status}${detail ? `: ${detail}` : ''}` };
  }
  try {
    return { ok: true, json: text ? (JSON.parse(text) as unknown) : {} };
  } catch {
    return { ok: false, transient: true, reason: 'collector answered something that is not JSON' };
  }
}

export async function openReport(
  client: Client,
  header: ReportHeader,
): Promise<CollectorResult<{ reportId: string }>> {
  const answer = await post(client, '/report', {
    data_format_version: '0.2.0',
    format: 'json',
    probe_asn: header.probeAsn,
    probe_cc: header.probeCc,
    software_name: 'vantage',
    software_version: header.softwareVersion,
    test_name: 'browser_web',
    test_start_time: header.testStartTime,
    test_version: BROWSER_WEB_TEST_VERSION,
  });
  if (!answer.ok) return answer;
  const reportId = (answer.json as { report_id?: unknown }).report_id;
  if (typeof reportId !== 'string' || !reportId)
    return { ok: false, transient: true, reason: 'collector opened no report (no report_id)' };
  return { ok: true, reportId };
}

/** Append one measurement; its report_id must be the open report's (the spec requires it). */
export async function submitMeasurement(
  client: Client,
  reportId: string,
  measurement: OoniMeasurement,
): Promise<CollectorResult<{ measurementUid?: string }>> {
  const answer = await post(client, `/report/${encodeURIComponent(reportId)}`, {
    format: 'json',
    content: { ...measurement, report_id: reportId },
  });
  if (!answer.ok) return answer;
  const uid = (answer.json as { measurement_uid?: unknown }).measurement_uid;
  return { ok: true, ...(typeof uid === 'string' ? { measurementUid: uid } : {}) };
}

/** Closing is a courtesy: a collector closes idle reports itself, so a failure here loses nothing. */
export async function closeReport(client: Client, reportId: string): Promise<void> {
  await post(client, `/report/${encodeURIComponent(reportId)}/close`, undefined);
}
