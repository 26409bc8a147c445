import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTranslator, type Messages } from '../../../lib/i18n/translate';
import { BADGE, tabState, tabTitle, type TabFacts } from '../../../lib/tab-state/badge';

const messages = (language: string) =>
  JSON.parse(readFileSync(`public/_locales/${language}/messages.json`, 'utf8')) as Messages;
const english = messages('en');
const translators = {
  en: createTranslator(english),
  ru: createTranslator(messages('ru'), english),
  kk: createTranslator(messages('kk'), english),
};

const base: TabFacts = {
  url: 'https://news.example/article/1',
  discreet: false,
  consented: true,
  pending: false,
};
const blockedAt = (time: number) => ({ blocking: 'tls' as const, confidence: 'likely' as const, time });

describe('the toolbar state of a tab', () => {
  it('says blocked, reachable or unclear from the site’s newest measurement', () => {
    expect(tabState({ ...base, measurement: blockedAt(1) })).toBe('blocked');
    expect(
      tabState({ ...base, measurement: { blocking: 'accessible', confidence: 'confirmed', time: 1 } }),
    ).toBe('reachable');
    expect(tabState({ ...base, measurement: { blocking: 'down', confidence: 'possible', time: 1 } })).toBe(
      'unclear',
    );
    expect(tabState(base)).toBe('not-checked');
  });

  it('says "checking" while a diagnosis of the site runs, even over an older verdict', () => {
    expect(tabState({ ...base, pending: true, measurement: blockedAt(1) })).toBe('checking');
  });

  it('says offline when the last run found no connection, unless the site was measured after it', () => {
    const connection = { state: 'offline' as const, at: 100 };
    expect(tabState({ ...base, connection })).toBe('offline');
    expect(tabState({ ...base, connection, measurement: blockedAt(50) })).toBe('offline');
    expect(tabState({ ...base, connection, measurement: blockedAt(150) })).toBe('blocked');
    expect(
      tabState({ ...base, connection: { state: 'selective', at: 100 }, measurement: blockedAt(50) }),
    ).toBe('blocked');
  });

  it('never tells anything about local, private or .onion pages, nor before the first-run answer', () => {
    for (const url of ['http://192.168.1.1/', 'http://router.lan/', 'http://abcdefgh.onion/', 'http://nas/'])
      expect(tabState({ ...base, url, pending: true, measurement: blockedAt(1) })).toBe('not-checked');
    expect(tabState({ ...base, consented: false, measurement: blockedAt(1) })).toBe('not-checked');
  });

  it('is neutral when discreet, whatever is known, and on pages that are not web pages', () => {
    expect(tabState({ ...base, discreet: true, measurement: blockedAt(1) })).toBe('neutral');
    expect(tabState({ ...base, discreet: true, pending: true })).toBe('neutral');
    expect(tabState({ ...base, url: 'chrome://newtab/' })).toBe('neutral');
    expect(tabState({ ...base, url: undefined })).toBe('neutral');
    expect(BADGE.neutral.text).toBe('');
  });

  it('marks each state differently on the badge, and nothing where nothing is known', () => {
    const shown = (['checking', 'offline', 'blocked', 'unclear', 'reachable'] as const).map(
      (s) => BADGE[s].text,
    );
    expect(new Set(shown).size).toBe(shown.length);
    expect(shown.every((text) => text.length > 0 && text.length <= 4)).toBe(true);
    expect(BADGE['not-checked'].text).toBe('');
  });
});

describe('the toolbar title, in words', () => {
  const facts: TabFacts = { ...base, measurement: blockedAt(1) };

  it('says how the site is blocked and how sure, in the user’s language, never the site’s name', () => {
    expect(tabTitle(translators.en, 'blocked', facts)).toBe(
      `Vantage: this site — ${english.verdictTls!.message} (likely)`,
    );
    for (const t of Object.values(translators)) {
      const title = tabTitle(t, 'blocked', facts);
      expect(title).toContain(t('verdictTls'));
      expect(title).toContain(t('confidenceLikely'));
      expect(title).not.toContain('news.example');
    }
    expect(tabTitle(translators.ru, 'blocked', facts)).toMatch(/^Vantage: этот сайт — /);
    expect(tabTitle(translators.kk, 'blocked', facts)).toMatch(/^Vantage: бұл сайт — /);
  });

  it('has its own words for each state in every language, and only the name when neutral', () => {
    for (const [language, t] of Object.entries(translators)) {
      const titles = (['not-checked', 'checking', 'offline', 'reachable'] as const).map((s) =>
        tabTitle(t, s, facts),
      );
      expect(new Set(titles).size, language).toBe(titles.length);
      for (const title of titles) expect(title, language).toMatch(/^Vantage: \S/);
      if (language !== 'en')
        for (const [i, title] of titles.entries())
          expect(title).not.toBe(
            tabTitle(
              translators.en,
              (['not-checked', 'checking', 'offline', 'reachable'] as const)[i]!,
              facts,
            ),
          );
      expect(tabTitle(t, 'neutral', facts)).toBe('Vantage');
      expect(tabTitle(t, 'not-checked', { ...facts, url: 'http://router.lan/' })).not.toBe(
        tabTitle(t, 'not-checked', facts),
      );
    }
  });
});
