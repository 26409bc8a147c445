import type { TimelineRow } from '../lib/history';
import type { Translate } from '../lib/i18n';
import { tone, VERDICT_KEY } from './labels';

const COLOURS = { bad: '#b3261e', warn: '#c58a00', ok: '#2e7d4f', none: '#9aa0a6' } as const;

/** The last days of one site as small bars, one a day, coloured by that day's worst verdict. */
export function Sparkline({ t, row }: { t: Translate; row: TimelineRow }) {
  const summary = row.cells.map((cell) => (cell.blocking ? t(VERDICT_KEY[cell.blocking]) : '—')).join(', ');
  return (
    <svg class="sparkline" width={row.cells.length * 5} height={10} role="img" aria-label={summary}>
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
