import type { MeasurementRecord, OutageRecord } from '../db';
import type { Blocking } from '../verdict/types';

/** How bad a verdict is, for choosing one colour per day: blocked beats slowed beats fine. */
const SEVERITY: Record<Blocking, number> = {
  inconclusive: 0,
  accessible: 1,
  down: 2,
  throttled: 3,
  'http-failure': 4,
  tcp_ip: 5,
  dns: 5,
  tls: 5,
  'http-blockpage': 6,
};

export interface DayCell {
  /** Start of the day, local time, ms. */
  day: number;
  /** The worst verdict seen that day, or undefined when nothing was measured. */
  blocking?: Blocking;
  measurements: number;
}

export interface TimelineRow {
  key: string;
  cells: DayCell[];
}

export function startOfDay(time: number): number {
  const date = new Date(time);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

/** The last `days` days, oldest first, ending today. */
function dayRange(days: number, now: number): number[] {
  const today = startOfDay(now);
  return Array.from({ length: days }, (_, i) => {
    const date = new Date(today);
    date.setDate(date.getDate() - (days - 1 - i));
    return date.getTime();
  });
}

/** One row per key (site or category), one cell per day with that day's worst verdict. */
export function dailyTimeline(
  measurements: readonly MeasurementRecord[],
  keyOf: (m: MeasurementRecord) => string,
  days: number,
  now: number,
): TimelineRow[] {
  const range = dayRange(days, now);
  const rows = new Map<string, Map<number, DayCell>>();
  for (const m of measurements) {
    const day = startOfDay(m.time);
    if (day < range[0]!) continue;
    const key = keyOf(m);
    const cells = rows.get(key) ?? new Map<number, DayCell>();
    rows.set(key, cells);
    const cell = cells.get(day) ?? { day, measurements: 0 };
    cell.measurements++;
    if (cell.blocking === undefined || SEVERITY[m.verdict.blocking] > SEVERITY[cell.blocking])
      cell.blocking = m.verdict.blocking;
    cells.set(day, cell);
  }
  return [...rows.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, cells]) => ({ key, cells: range.map((day) => cells.get(day) ?? { day, measurements: 0 }) }));
}

/** Outage periods worth showing (not 'normal'/'unknown'), newest first, open ones with end = now. */
export function outagePeriods(
  outages: readonly OutageRecord[],
  now: number,
): Required<Pick<OutageRecord, 'state' | 'start' | 'end'>>[] {
  return outages
    .filter((o) => o.state !== 'normal' && o.state !== 'unknown')
    .map((o) => ({ state: o.state, start: o.start, end: o.end ?? now }))
    .sort((a, b) => b.start - a.start);
}
