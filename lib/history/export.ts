import { toContribution, type OoniContext, scrubJson } from '../contribute';
import type { MeasurementRecord } from '../db';

/**
 * The measurements file's name: the date tells two exports apart; nothing in it names the user,
 * the device or the network to whoever looks at the downloads folder (or a seized phone).
 */
export function measurementsFileName(now: Date = new Date()): string {
  return `vantage-measurements-${now.toISOString().slice(0, 10)}.jsonl`;
}

export interface ExportContext extends Pick<OoniContext, 'softwareVersion'> {
  /** The device's own addresses, when known: scrubbed in every spelling, as in a contribution. */
  ips?: readonly string[];
}

/**
 * Every measurement as OONI-format JSON Lines, one a line, carrying exactly what a contribution
 * would (lib/contribute/allow-list.ts, then lib/contribute/scrub.ts): a file is passed on, posted
 * and found on devices, so it must not hold what we refuse to send — page titles, header values,
 * query strings of redirects, error text, the device's address. It keeps the verdicts, timings,
 * status codes, DNS answers and certificate names a researcher needs. No location and no report
 * id: the file names the sites and their verdicts, never who or where.
 */
export function measurementsJsonLines(records: readonly MeasurementRecord[], context: ExportContext): string {
  const lines = records.map((record) => {
    const contribution = toContribution(record, { softwareVersion: context.softwareVersion });
    return JSON.stringify(scrubJson(contribution, context.ips ?? []).value);
  });
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
