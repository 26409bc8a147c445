import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { plural } from '../../../lib/i18n/plural';
import { createTranslator, type Messages } from '../../../lib/i18n/translate';

const load = (language: string) =>
  JSON.parse(readFileSync(`public/_locales/${language}/messages.json`, 'utf8')) as Messages;
const english = load('en');
const say = (language: string, key: string, count: number) =>
  plural(createTranslator(load(language), english), language, key, count);

describe('plural (Intl.PluralRules over the messages files)', () => {
  it('picks one/other in English', () => {
    expect(say('en', 'wordsImagesMissing', 1)).toMatch(/^1 image was not saved/);
    for (const n of [2, 5, 21, 22, 25])
      expect(say('en', 'wordsImagesMissing', n)).toMatch(/^\d+ images were not saved/);
    expect(say('en', 'wordsSourcesFailed', 1)).toBe('1 source failed');
    expect(say('en', 'wordsSourcesFailed', 0)).toBe('0 sources failed');
  });

  it('picks one/few/many in Russian: 1, 21 one; 2, 22 few; 5, 25 many', () => {
    const forms = [1, 2, 5, 21, 22, 25].map((n) => say('ru', 'wordsSourcesFailed', n));
    expect(forms).toEqual([
      '1 источник не обновился',
      '2 источника не обновились',
      '5 источников не обновились',
      '21 источник не обновился',
      '22 источника не обновились',
      '25 источников не обновились',
    ]);
    expect(say('ru', 'wordsArticlesSaved', 11)).toBe('сохранено 11 новых статей');
    expect(say('ru', 'wordsImagesMissing', 22)).toMatch(/^22 изображения не сохранены/);
  });

  it('keeps the noun singular after a number in Kazakh, for every count', () => {
    for (const n of [1, 2, 5, 21, 22, 25])
      expect(say('kk', 'wordsSourcesFailed', n)).toBe(`${n} дереккөз жаңартылмады`);
    expect(say('kk', 'wordsEvicted', 3)).toBe('Орын босату үшін кітапханадан 3 ескі мақала өшірілді.');
  });

  it('falls back to the _other form for a form the file lacks, never to a key', () => {
    const t = createTranslator({ x_other: { message: '$1 things, $2' } });
    expect(plural(t, 'ru', 'x', 1, 'ok')).toBe('1 things, ok');
    expect(plural(t, 'not a language tag!', 'x', 3, 'ok')).toBe('3 things, ok');
  });

  it('never says "1 sites" (or articles, images, sources, minutes) in English', () => {
    const one = Object.entries(english).filter(([key]) => key.endsWith('_one'));
    expect(one.length).toBeGreaterThanOrEqual(13);
    for (const [key, { message }] of one)
      expect(message, key).not.toMatch(/\$1 (\w+ )?(sites|articles|images|sources|minutes|lines)\b/);
    expect(say('en', 'words_optionsScheduleEvery', 1)).toBe(
      'Vantage checks every 1 minute while the browser is open.',
    );
    expect(say('en', 'words_optionsScheduleEvery', 15)).toBe(
      'Vantage checks every 15 minutes while the browser is open.',
    );
  });

  it('has every plural form in all three files for every plural key', () => {
    for (const language of ['en', 'ru', 'kk']) {
      const keys = Object.keys(load(language)).filter((k) => /_(one|few|many|other)$/.test(k));
      const bases = new Set(keys.map((k) => k.replace(/_(one|few|many|other)$/, '')));
      for (const base of bases)
        for (const form of ['one', 'few', 'many', 'other'])
          expect(keys, `${language} ${base}`).toContain(`${base}_${form}`);
    }
  });
});
