import { describe, expect, it } from 'vitest';
import type { MeasurementRecord } from '../../../lib/db';
import { dailyTimeline, outagePeriods, startOfDay } from '../../../lib/history/timeline';
import { SUB_KINDS, type Blocking } from '../../../lib/verdict/types';

const NOW = new Date(2022, 0, 8, 12).getTime(); // 8 January 2022, noon
const DAY = 86_400_000;

function m(target: string, time: number, blocking: Blocking): MeasurementRecord {
  return {
    id: `${target}${time}`,
    runId: 'r',
    targetId: target,
    time,
    observation: {} as MeasurementRecord['observation'],
    verdict: {
      blocking,
      subKind: SUB_KINDS.find((kind) => kind.startsWith(`${blocking}/`))!,
      confidence: 'likely',
      evidence: [],
    },
  };
}

describe('history timeline', () => {
  it('colours each day by the worst verdict seen that day', () => {
    const rows = dailyTimeline(
      [
        m('telegram', NOW - 2 * DAY, 'accessible'),
        m('telegram', NOW - 2 * DAY + 1000, 'tls'),
        m('telegram', NOW, 'accessible'),
      ],
      (x) => x.targetId,
      7,
      NOW,
    );
    expect(rows).toHaveLength(1);
    const cells = rows[0]!.cells;
    expect(cells).toHaveLength(7);
    expect(cells.at(-1)).toMatchObject({ day: startOfDay(NOW), blocking: 'accessible', measurements: 1 });
    expect(cells.at(-3)).toMatchObject({ blocking: 'tls', measurements: 2 });
    expect(cells[0]!.blocking).toBeUndefined();
  });

  it('leaves out measurements older than the window', () => {
    expect(dailyTimeline([m('a', NOW - 30 * DAY, 'dns')], (x) => x.targetId, 7, NOW)).toEqual([]);
  });

  it('lists outages newest first and closes an open one at now, without normal periods', () => {
    const periods = outagePeriods(
      [
        { state: 'normal', start: 1, end: 2 },
        { state: 'selective', start: 2, end: 3 },
        { state: 'shutdown', start: 3 },
      ],
      10,
    );
    expect(periods).toEqual([
      { state: 'shutdown', start: 3, end: 10 },
      { state: 'selective', start: 2, end: 3 },
    ]);
  });
});
