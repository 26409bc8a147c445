import { type Translate, formatDay } from '../i18n';
import type { Blocking } from '../verdict/types';
import type { DayCell } from './timeline';

/**
 * A row of days in words, for those who cannot see the coloured squares (screen readers, a
 * tooltip): "Last 7 days, oldest first: 29 Nov: blocked; 30 Nov: not measured; …".
 */
export function describeDays(
  cells: readonly DayCell[],
  language: string,
  t: Translate,
  verdictKey: Record<Blocking, string>,
): string {
  const days = cells
    .map(
      (cell) =>
        `${formatDay(cell.day, language)}: ${cell.blocking ? t(verdictKey[cell.blocking]) : t('wordsNotMeasured')}`,
    )
    .join('; ');
  return t('wordsSparkline', cells.length, days);
}
