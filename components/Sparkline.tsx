import { type TimelineRow, describeDays } from '../lib/history';
import type { Translate } from '../lib/i18n';
import { tone, VERDICT_KEY } from './labels';
import { useTranslator } from './use-translator';

const COLOURS = { bad: '#b3261e', warn: '#c58a00', ok: '#2e7d4f', none: '#9aa0a6' } as const;

/**
 * The last days of one site as small bars, one a day, coloured by that day's worst verdict; the
 * same days in words for a screen reader and as the tooltip.
 */
export function Sparkline({ t, row }: { t: Translate; row: TimelineRow }) {
  const { language } = useTranslator();
  const words = describeDays(row.cells, language, t, VERDICT_KEY);
  return (
    <svg class="sparkline" width={row.cells.length * 5} height={10} role="img" aria-label={words}>
      <title>{words}</title>
      {row.cells.map((cell, i) => (
        <rect
          key={cell.day}
          x={i * 5}
          y={cell.blocking ? 0 : 8}
          width={4}
          height={cell.blocking ? 10 : 2}
          fill={cell.blocking ? COLOURS[tone(cell.blocking)] : COLOURS.none}
        />
      ))}
    </svg>
  );
}
