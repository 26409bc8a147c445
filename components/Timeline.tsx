import { type TimelineRow, describeDays } from '../lib/history';
import { type Translate, formatDay } from '../lib/i18n';
import { tone, VERDICT_KEY } from './labels';

const CELL = 14;
const GAP = 2;
const COLOURS = { bad: '#b3261e', warn: '#c58a00', ok: '#2e7d4f', none: '#9aa0a6' } as const;

/** Which days get a date above them: the first, then every seventh back from today, and today. */
function labelledDays(count: number): Set<number> {
  const labelled = new Set<number>([0]);
  for (let i = count - 1; i > 3; i -= 7) labelled.add(i);
  return labelled;
}

/** What each colour means, the grey outline of a day without a measurement included. */
export function TimelineLegend({ t }: { t: Translate }) {
  const items: [string, string, boolean][] = [
    ['bad', 'wordsLegendBlocked', true],
    ['warn', 'wordsLegendSlowed', true],
    ['ok', 'wordsLegendReachable', true],
    ['none', 'wordsLegendNone', false],
  ];
  return (
    <section class="legend" aria-labelledby="legend-title" data-testid="timeline-legend">
      <h2 id="legend-title">{t('wordsLegend')}</h2>
      <ul>
        {items.map(([colour, key, filled]) => (
          <li key={key} data-colour={colour}>
            <svg width={CELL} height={CELL} aria-hidden="true">
              <rect
                x={0.5}
                y={0.5}
                width={CELL - 1}
                height={CELL - 1}
                rx={3}
                fill={filled ? COLOURS[colour as keyof typeof COLOURS] : 'transparent'}
                stroke={COLOURS.none}
                stroke-width={filled ? 0 : 1}
              />
            </svg>{' '}
            {t(key)}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Rows of days, one square a day, coloured by that day's worst verdict (plain SVG), dates above. */
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
  const first = rows[0]?.cells ?? [];
  const days = first.length;
  const labelled = labelledDays(days);
  return (
    <table class="timeline">
      {days > 0 && (
        <thead>
          <tr>
            <td />
            <th scope="col" class="day-axis" data-testid="timeline-dates">
              <div style={{ position: 'relative', width: `${days * (CELL + GAP)}px`, height: '1.4em' }}>
                {first.map((cell, i) =>
                  labelled.has(i) ? (
                    <span
                      key={cell.day}
                      class="day-label"
                      style={
                        i === days - 1
                          ? { position: 'absolute', insetInlineEnd: 0 }
                          : { position: 'absolute', insetInlineStart: `${i * (CELL + GAP)}px` }
                      }
                    >
                      {i === days - 1 ? t('wordsToday') : formatDay(cell.day, language)}
                    </span>
                  ) : null,
                )}
              </div>
            </th>
          </tr>
        </thead>
      )}
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} translate={names ? false : undefined}>
            <th scope="row">{label(row.key)}</th>
            <td>
              <svg
                width={days * (CELL + GAP)}
                height={CELL}
                role="img"
                aria-label={`${label(row.key)}. ${describeDays(row.cells, language, t, VERDICT_KEY)}`}
              >
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
                      {formatDay(cell.day, language)}:{' '}
                      {cell.blocking ? t(VERDICT_KEY[cell.blocking]) : t('wordsNotMeasured')}
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
