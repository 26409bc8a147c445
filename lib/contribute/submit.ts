import type { Database, OutboxRecord } from '../db';
import { forEachConcurrently } from '../run';
import type { CheckInResult } from './checkin';
import { closeReport, openReport, submitMeasurement } from './collector';
import { dueRecords, markFailed, markRetry, markSent, putOutboxRecord } from './outbox';
import { scrubJson } from './scrub';

/** A record queued this recently is located by the flush's check-in (a run's own flush). */
export const LOCATE_WINDOW_MS = 5 * 60_000;

export interface FlushDeps {
  db: Database;
  fetch: typeof fetch;
  collectorBase: string;
  softwareVersion: string;
  now: () => number;
  /** A fresh check-in: the location for measurements queued without one, the address to scrub. */
  checkIn: () => Promise<CheckInResult>;
  /** Measurements in flight at once within a report. */
  concurrency?: number;
}

export interface FlushSummary {
  sent: number;
  failed: number;
  retrying: number;
  /** Why the flush stopped early (collector or check-in unreachable), if it did. */
  stoppedBy?: string;
}

/**
 * Send every due measurement. One report per run (OONI's "report": one test run from one
 * network), opened fresh now so its id is never stale. Per measurement: 2xx → sent; 4xx → failed
 * with the collector's reason (the rest go on); network error or 5xx → the collector is down:
 * this one and everything not yet sent wait for the backoff schedule, nothing is dropped.
 */
export async function flushOutbox(deps: FlushDeps): Promise<FlushSummary> {
  const summary: FlushSummary = { sent: 0, failed: 0, retrying: 0 };
  const due = await dueRecords(deps.db, deps.now());
  if (due.length === 0) return summary;
  const save = async (record: OutboxRecord) => {
    await putOutboxRecord(deps.db, record);
    if (record.status === 'sent') summary.sent++;
    else if (record.status === 'failed') summary.failed++;
    else summary.retrying++;
  };

  // Without a check-in we cannot place the measurements (queued with ZZ/AS0) on a network.
  const checked = await deps.checkIn();
  if (!checked.ok) {
    summary.stoppedBy = `check-in failed: ${checked.reason}`;
    for (const record of due) await save(markRetry(record, summary.stoppedBy, deps.now()));
    return summary;
  }

  const groups = new Map<string, OutboxRecord[]>();
  for (const record of due) {
    let measurement = record.measurement;
    if (measurement.probe_cc === 'ZZ' || measurement.probe_asn === 'AS0') {
      const here = checked.location;
      const hint = record.locationHint;
      // Queued moments ago (runs queue before checking in), or the same network before the gap
      // and after it: the measurement was taken on the network the check-in sees.
      const fresh = deps.now() - record.createdAt <= LOCATE_WINDOW_MS;
      const sameAsBefore = !!hint && here?.probeCc === hint.probeCc && here.probeAsn === hint.probeAsn;
      if (!here || (!fresh && !sameAsBefore)) {
        await save(markRetry(record, 'location-unknown', deps.now()));
        continue;
      }
      measurement = {
        ...measurement,
        probe_cc: here.probeCc,
        probe_asn: here.probeAsn,
        probe_network_name: here.networkName,
      };
    }
    measurement = scrubJson(measurement, checked.probeIp ? [checked.probeIp] : []).value;
    const ready = { ...record, measurement };
    const key = `${record.runId} ${measurement.probe_cc} ${measurement.probe_asn}`;
    groups.set(key, [...(groups.get(key) ?? []), ready]);
  }

  const client = { base: deps.collectorBase, fetch: deps.fetch };
  const down = new AbortController();
  const waiting: OutboxRecord[] = [];
  for (const records of groups.values()) {
    if (down.signal.aborted) {
      waiting.push(...records);
      continue;
    }
    const first = records[0]!.measurement;
    const opened = await openReport(client, {
      probeCc: first.probe_cc,
      probeAsn: first.probe_asn,
      softwareVersion: deps.softwareVersion,
      testStartTime: first.test_start_time,
    });
    if (!opened.ok) {
      if (opened.transient) {
        summary.stoppedBy = opened.reason;
        down.abort();
        waiting.push(...records);
      } else {
        for (const record of records)
          await save(markFailed(record, `report refused: ${opened.reason}`, deps.now()));
      }
      continue;
    }
    const attempted = new Set<string>();
    await forEachConcurrently(
      records,
      deps.concurrency ?? 4,
      async (record) => {
        attempted.add(record.id);
        // Another flush (a second worker instance while the browser restarts, a retry racing the
        // alarm) may have sent it since this one read the due list: never send a measurement twice.
        const now = await deps.db.get('outbox', record.id);
        if (!now || now.status === 'sent') return;
        const result = await submitMeasurement(client, opened.reportId, record.measurement);
        if (result.ok) {
          await save(markSent(record, { ...record.measurement, report_id: opened.reportId }, deps.now()));
        } else if (!result.transient) {
          await save(markFailed(record, result.reason, deps.now()));
        } else {
          summary.stoppedBy ??= result.reason;
          down.abort();
          await save(markRetry(record, result.reason, deps.now()));
        }
      },
      down.signal,
    );
    waiting.push(...records.filter((record) => !attempted.has(record.id)));
    await closeReport(client, opened.reportId);
  }
  for (const record of waiting)
    await save(markRetry(record, summary.stoppedBy ?? 'collector unreachable', deps.now()));
  return summary;
}
