import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createTranslator,
  resolveLanguage,
  SUPPORTED_LANGUAGES,
  type Messages,
} from '../../../lib/i18n/translate';
import { SUB_KINDS } from '../../../lib/verdict/types';
import { subKindKey } from '../../../components/labels';

const load = (language: string) =>
  JSON.parse(readFileSync(`public/_locales/${language}/messages.json`, 'utf8')) as Messages;

describe('locales', () => {
  const english = load('en');

  it('ships exactly the supported languages', () => {
    expect(readdirSync('public/_locales').sort()).toEqual([...SUPPORTED_LANGUAGES].sort());
  });

  for (const language of SUPPORTED_LANGUAGES) {
    it(`has every English key, and no others, in ${language}`, () => {
      const messages = load(language);
      expect(Object.keys(messages).sort()).toEqual(Object.keys(english).sort());
      for (const [key, { message }] of Object.entries(messages)) {
        expect(message.trim(), `${language}.${key} is empty`).not.toBe('');
      }
    });

    it(`keeps the same $N placeholders as English in ${language}`, () => {
      const messages = load(language);
      for (const [key, { message }] of Object.entries(english)) {
        const placeholders = (text: string) => (text.match(/\$\d/g) ?? []).sort();
        expect(placeholders(messages[key]!.message), `${language}.${key}`).toEqual(placeholders(message));
      }
    });
  }

  it('has words for every verdict sub-kind a rule can give, and none for an unknown one', () => {
    for (const subKind of SUB_KINDS) {
      const key = subKindKey(subKind);
      expect(key && english[key]?.message, subKind).toBeTruthy();
    }
    expect(subKindKey('tls/something-new')).toBeUndefined();
  });

  it('substitutes positional arguments and falls back to English for a missing key', () => {
    const t = createTranslator({ hello: { message: 'Сәлем, $1!' } }, { bye: { message: 'Bye $1' } });
    expect(t('hello', 'Алматы')).toBe('Сәлем, Алматы!');
    expect(t('bye', 'now')).toBe('Bye now');
    expect(t('nope')).toBe('nope');
  });

  it('follows the browser language when set to auto, and English for others', () => {
    expect(resolveLanguage('auto', 'ru-RU')).toBe('ru');
    expect(resolveLanguage('auto', 'kk')).toBe('kk');
    expect(resolveLanguage('auto', 'de-DE')).toBe('en');
    expect(resolveLanguage('kk', 'en-US')).toBe('kk');
  });
});
