import { describe, expect, it } from 'vitest';
import { VERDICT_KEY } from '../../../components/labels';
import { describeDays } from '../../../lib/history/describe-days';
import { createTranslator } from '../../../lib/i18n/translate';
import { readFileSync } from 'node:fs';

const t = createTranslator(JSON.parse(readFileSync('public/_locales/kk/messages.json', 'utf8')));

describe('describeDays', () => {
  it('says each day with its date and what was seen, "not measured" for a day without a check', () => {
    const day = (d: number) => new Date(2026, 11, d).getTime();
    const words = describeDays(
      [
        { day: day(3), measurements: 0 },
        { day: day(4), blocking: 'tls', measurements: 2 },
        { day: day(5), blocking: 'accessible', measurements: 1 },
      ],
      'kk',
      t,
      VERDICT_KEY,
    );
    expect(words).toBe(
      `Соңғы 3 күн, ескісінен бастап: 3 желтоқсан: тексерілмеген; 4 желтоқсан: ${t(VERDICT_KEY.tls)}; 5 желтоқсан: ${t(VERDICT_KEY.accessible)}`,
    );
  });
});
