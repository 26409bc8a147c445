import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDate, formatDay, timeAgo } from '../../../lib/i18n/format';
import { createTranslator, type Messages } from '../../../lib/i18n/translate';

const messages = (language: string) =>
  JSON.parse(readFileSync(`public/_locales/${language}/messages.json`, 'utf8')) as Messages;
const kk = createTranslator(messages('kk'), messages('en'));
const en = createTranslator(messages('en'));
const when = new Date(2022, 0, 5, 9, 7).getTime(); // 5 January 2022, 09:07 local time

describe('dates and times in the user’s language', () => {
  it('writes Kazakh dates without Intl (whose kk data Chromium lacks): digits, or Kazakh months', () => {
    expect(formatDate(when, 'kk')).toBe('05.01.2022, 09:07');
    expect(formatDate(when, 'kk', { style: 'long' })).toBe('5 қаңтар 2022, 09:07');
    expect(formatDate(when, 'kk', { style: 'long', time: false })).toBe('5 қаңтар 2022');
    expect(formatDay(new Date(2026, 11, 2), 'kk')).toBe('2 желтоқсан');
  });

  it('says how long ago in Kazakh from the messages file', () => {
    const now = when + 5 * 60_000;
    expect(timeAgo(when, 'kk', kk, now)).toBe('5 минут бұрын');
    expect(timeAgo(when, 'kk', kk, when + 20_000)).toBe('жаңа ғана');
    expect(timeAgo(when, 'kk', kk, when + 3 * 3_600_000)).toBe('3 сағат бұрын');
    expect(timeAgo(when, 'kk', kk, when + 4 * 86_400_000)).toBe('4 күн бұрын');
  });

  it('uses Intl for English and Russian', () => {
    expect(timeAgo(when, 'en', en, when + 5 * 60_000)).toBe('5 minutes ago');
    expect(timeAgo(when, 'ru', en, when + 5 * 60_000)).toBe('5 минут назад');
    expect(formatDay(new Date(2026, 11, 2), 'ru')).toMatch(/^2 дек/);
    expect(formatDate(when, 'ru', { style: 'long', time: false })).toBe('5 января 2022 г.');
  });
});
