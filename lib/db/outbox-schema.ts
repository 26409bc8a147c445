/**
 * One Vantage measurement in OONI's measurement format (data_format_version 0.2.0), so it
 * means the same thing to researchers as OONI Probe's. Declared here, with the outbox that
 * stores it, so the database's schema depends on nothing above it; lib/contribute builds it. Test name `browser_web`: OONI's own
 * browser probe uses it for "a browser tried to load this URL". Its spec (ts-036) keys
 * `result` and `load_time_ms` are filled honestly, plus `browser` as OONI's data models carry
 * it; what only Vantage observes goes in keys prefixed `vantage_` (mapping:
 * docs/methodology.md §2.10).
 */
export interface OoniMeasurement {
  annotations: Record<string, string>;
  data_format_version: '0.2.0';
  input: string;
  measurement_start_time: string;
  probe_asn: string;
  probe_cc: string;
  probe_ip: '127.0.0.1';
  probe_network_name: string;
  report_id: string;
  software_name: 'vantage';
  software_version: string;
  test_name: 'browser_web';
  test_version: string;
  test_start_time: string;
  test_runtime: number;
  test_keys: Record<string, unknown>;
}

/**
 * Measurements waiting to be contributed. Queued only with consent, already in
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
