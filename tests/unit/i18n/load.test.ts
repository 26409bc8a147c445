import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { loadTranslator } from '../../../lib/i18n';
import type { Messages } from '../../../lib/i18n/translate';

const file = (language: string) =>
  JSON.parse(readFileSync(`public/_locales/${language}/messages.json`, 'utf8')) as Messages;

/** The browser as it is after picking one of our files for its own language. */
function browserServes(language: string, uiLanguage = 'en-US') {
  const messages = file(language);
  const getMessage = vi.fn((key: string, substitutions: string[] = []) =>
    (messages[key]?.message ?? '').replace(/\$(\d)/g, (_, n: string) => substitutions[Number(n) - 1] ?? ''),
  );
  Object.assign(fakeBrowser.i18n, { getMessage, getUILanguage: () => uiLanguage });
  const fetched: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      const language = /_locales\/(\w+)\//.exec(String(url))![1]!;
      fetched.push(language);
      return new Response(readFileSync(`public/_locales/${language}/messages.json`));
    }),
  );
  return { getMessage, fetched };
}

afterEach(() => vi.unstubAllGlobals());

describe('loadTranslator', () => {
  it('follows the file the browser picked, read without a fetch, even when getUILanguage disagrees', async () => {
    const { fetched } = browserServes('kk', 'en-US');
    const { t, language } = await loadTranslator('auto');
    expect(language).toBe('kk');
    expect(t('popupCheckNow')).toBe(file('kk').popupCheckNow!.message);
    expect(t('popupChecking', 3, 10)).toBe(
      file('kk').popupChecking!.message.replace('$1', '3').replace('$2', '10'),
    );
    expect(fetched).toEqual([]);
  });

  it('loads the chosen language from its file when it is not the browser’s, English behind it', async () => {
    const { fetched } = browserServes('en');
    const { t, language } = await loadTranslator('ru');
    expect(language).toBe('ru');
    expect(t('popupCheckNow')).toBe(file('ru').popupCheckNow!.message);
    expect(fetched.sort()).toEqual(['en', 'ru']);
  });

  it('uses English chosen by the user even in a Russian browser', async () => {
    browserServes('ru', 'ru-RU');
    const { t, language } = await loadTranslator('en');
    expect(language).toBe('en');
    expect(t('popupCheckNow')).toBe('Check now');
  });

  it('shows the key, not an empty string, for a message nobody has', async () => {
    browserServes('en');
    const { t } = await loadTranslator('auto');
    expect(t('noSuchMessage')).toBe('noSuchMessage');
  });
});
