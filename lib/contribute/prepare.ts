import type { MeasurementRecord, OutboxRecord } from '../db';
import type { Target } from '../targets/types';
import type { ProbeLocation } from './checkin';
import { toContribution } from './allow-list';
import { scrubJson } from './scrub';

/** Sites the user added (by hand or from their own CSV), and pages they asked about. */
function isUsersOwnTarget(target: Pick<Target, 'source'>): boolean {
  return target.source === 'user' || target.source === 'import';
}

export interface PrepareContext {
  includeUserTargets: boolean;
  /** Known at queueing time (tests); the contributor queues first and locates at the flush. */
  location?: ProbeLocation;
  /** The last location known before, for measurements queued without one. */
  locationHint?: ProbeLocation;
  /** Addresses of this device to scrub, when known (lib/contribute/scrub.ts). */
  ips: readonly string[];
  softwareVersion: string;
  runStartedAt?: number;
  now: number;
  newId: () => string;
}

/**
 * Turn a run's measurements into outbox records: only the measurements the user allowed, only the
 * fields the allow-list names (lib/contribute/allow-list.ts), the device's address scrubbed.
 */
export function prepareForOutbox(
  measurements: MeasurementRecord[],
  context: PrepareContext,
): { records: OutboxRecord[]; withheld: number } {
  const allowed = measurements.filter(
    (m) => context.includeUserTargets || !isUsersOwnTarget(m.observation.target),
  );
  const records = allowed.map((m): OutboxRecord => {
    const ooni = toContribution(m, {
      softwareVersion: context.softwareVersion,
      probeCc: context.location?.probeCc,
      probeAsn: context.location?.probeAsn,
      networkName: context.location?.networkName,
      runStartedAt: context.runStartedAt,
    });
    return {
      id: context.newId(),
      measurementId: m.id,
      runId: m.runId,
      createdAt: context.now,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: context.now,
      ...(!context.location && context.locationHint ? { locationHint: context.locationHint } : {}),
      measurement: scrubJson(ooni, context.ips).value,
    };
  });
  return { records, withheld: measurements.length - allowed.length };
}
