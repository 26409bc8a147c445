import type { TimelineRow } from '../lib/history';
import { type Translate, formatDay } from '../lib/i18n';
import { tone, VERDICT_KEY } from './labels';

const CELL = 14;
const GAP = 2;
const COLOURS = { bad: '#b3261e', warn: '#c58a00', ok: '#2e7d4f', none: '#9aa0a6' } as const;

/** Rows of days, one square a day, coloured by that day's worst verdict (plain SVG). */
export function Timeline({
  t,
  rows,
  label,
  language,
  names = false,
}: {
  t: Translate;
  rows: TimelineRow[];
  label: (key: string) => string;
  language: string;
  /** Rows are sites, labelled by their names: never translated (rendered as translate="no"). */
  names?: boolean;
}) {
  const days = rows[0]?.cells.length ?? 0;
  return (
    <table class="timeline">
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} translate={names ? false : undefined}>
            <th scope="row">{label(row.key)}</th>
            <td>
              <svg width={days * (CELL + GAP)} height={CELL} role="img" aria-label={label(row.key)}>
                {row.cells.map((cell, i) => (
                  <rect
                    key={cell.day}
                    x={i * (CELL + GAP)}
                    width={CELL}
                    height={CELL}
                    rx={3}
                    fill={cell.blocking ? COLOURS[tone(cell.blocking)] : 'transparent'}
                    stroke={COLOURS.none}
                    stroke-width={cell.blocking ? 0 : 1}
                  >
                    <title>
                      {formatDay(cell.day, language)}: {cell.blocking ? t(VERDICT_KEY[cell.blocking]) : '—'}
                    </title>
                  </rect>
                ))}
              </svg>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
