import type { Translate } from './translate';

/**
 * Dates and times in the user's language. Chromium's ICU says it supports `kk` but has no data
 * for it (measured in Chromium 156: relative time "-5 min" and "this minute", months "M12"), so
 * Kazakh is written here from Kazakh usage instead of trusting Intl; en and ru use Intl.
 */

const KAZAKH_MONTHS = [
  'қаңтар',
  'ақпан',
  'наурыз',
  'сәуір',
  'мамыр',
  'маусым',
  'шілде',
  'тамыз',
  'қыркүйек',
  'қазан',
  'қараша',
  'желтоқсан',
];

const pad = (n: number) => String(n).padStart(2, '0');

export type DateStyle = 'numeric' | 'long';

/**
 * `numeric`: 02.12.2026, 14:05 (kk) / 12/2/26, 2:05 PM (en); `long`: 2 желтоқсан 2026, 14:05.
 * `time: false` leaves the time out.
 */
export function formatDate(
  when: number | Date,
  language: string,
  { style = 'numeric', time = true }: { style?: DateStyle; time?: boolean } = {},
): string {
  const date = new Date(when);
  if (language === 'kk') {
    const clock = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
    const day =
      style === 'long'
        ? `${date.getDate()} ${KAZAKH_MONTHS[date.getMonth()]} ${date.getFullYear()}`
        : `${pad(date.getDate())}.${pad(date.getMonth() + 1)}.${date.getFullYear()}`;
    return time ? `${day}, ${clock}` : day;
  }
  return intlDateFormat(language, style, time).format(date);
}

/**
 * Building an Intl.DateTimeFormat costs ~66× formatting with one (issue #17: a list of 200 search
 * hits built 200), so each language/style is built once per page.
 */
const intlFormats = new Map<string, Intl.DateTimeFormat>();

function intlDateFormat(language: string, style: DateStyle, time: boolean): Intl.DateTimeFormat {
  const key = `${language}|${style}|${time}`;
  let format = intlFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language, {
      dateStyle: style === 'long' ? 'long' : 'short',
      ...(time ? { timeStyle: 'short' } : {}),
    });
    intlFormats.set(key, format);
  }
  return format;
}

/** A day of a timeline: "2 желтоқсан", "2 дек.", "Dec 2". */
export function formatDay(when: number | Date, language: string): string {
  const date = new Date(when);
  if (language === 'kk') return `${date.getDate()} ${KAZAKH_MONTHS[date.getMonth()]}`;
  return new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short' }).format(date);
}

/** "5 minutes ago", "3 часа назад", "2 күн бұрын"; Kazakh from the messages files. */
export function timeAgo(when: number, language: string, t: Translate, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - when) / 60_000));
  if (language === 'kk') {
    if (minutes < 1) return t('timeJustNow');
    if (minutes < 60) return t('timeMinutesAgo', minutes);
    if (minutes < 48 * 60) return t('timeHoursAgo', Math.round(minutes / 60));
    return t('timeDaysAgo', Math.round(minutes / 1440));
  }
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  if (minutes < 60) return format.format(-minutes, 'minute');
  if (minutes < 48 * 60) return format.format(-Math.round(minutes / 60), 'hour');
  return format.format(-Math.round(minutes / 1440), 'day');
}

/** formatDate with its options fixed, for lists that format many dates. */
export function dateFormatter(language: string, options: { style?: DateStyle; time?: boolean } = {}) {
  return { format: (when: number | Date) => formatDate(when, language, options) };
}
