import type { OoniMeasurement } from '../contribute/ooni-format';

/**
 * Measurements waiting to be contributed (issue #6). Queued only with consent, already in
 * OONI's format and scrubbed; what is here is exactly what will be sent (the collector's
 * report id is filled in when it is sent).
 */
export interface OutboxRecord {
  id: string;
  /** The MeasurementRecord this was made from. */
  measurementId: string;
  /** The run it belongs to: one collector report per run. */
  runId: string;
  createdAt: number;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  /** ms since epoch; pending records are retried from then on (for sent ones: when sent). */
  nextAttemptAt: number;
  sentAt?: number;
  /** Why the last attempt failed (network, collector status and message, unknown location). */
  error?: string;
  /**
   * Queued while the check-in was unreachable (e.g. during a shutdown): the network the device
   * was on at the last successful check-in before. The measurement is sent only if the next
   * check-in finds the same network; otherwise it stays, unsent, for the user to see.
   */
  locationHint?: { probeCc: string; probeAsn: string; networkName: string };
  /** The measurement as it will be sent (OONI format, scrubbed). */
  measurement: OoniMeasurement;
}
