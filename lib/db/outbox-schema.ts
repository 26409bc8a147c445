/**
 * Measurements waiting to be contributed (issue #6). Queued only with consent, already in
 * OONI's format and scrubbed; what is here is exactly what will be sent.
 */
export interface OutboxRecord {
  id: string;
  /** The MeasurementRecord this was made from. */
  measurementId: string;
  createdAt: number;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  /** ms since epoch; pending records are retried from then on. */
  nextAttemptAt: number;
  sentAt?: number;
  /** Why the last attempt failed (network, collector status and message). */
  error?: string;
  /** The measurement as it will be sent (OONI format, scrubbed). */
  measurement: Record<string, unknown>;
}
