import { describe, expect, it } from 'vitest';
import { createTranslator, type Messages } from '../../../lib/i18n/translate';
import { importReportLines, suggestionText } from '../../../lib/options';
import {
  acceptEndpointSuggestion,
  DEFAULT_SETTINGS,
  exportPreset,
  importPreset,
  migrateSettings,
  type PresetImport,
  type Settings,
} from '../../../lib/settings';
import type { Target } from '../../../lib/targets/types';
import en from '../../../public/_locales/en/messages.json';
import kk from '../../../public/_locales/kk/messages.json';
import ru from '../../../public/_locales/ru/messages.json';

// Issue #12: a settings file passed around a chat is a stranger's input. It may tune how Vantage
// checks; it may not widen what is sent, move where it goes, or lose what the user has.

const preset = (settings: Record<string, unknown>, version = 1) =>
  JSON.stringify({ format: 'vantage-settings', version, settings });

function site(url: string, name = new URL(url).hostname, category: Target['category'] = 'news'): Target {
  return { id: url, url, name, category, source: 'user' };
}

/** The user's 32 own sites, as in the report that found the bug. */
const MY_SITES = Array.from({ length: 32 }, (_, i) => site(`https://own${i}.example/`, `Mine ${i}`));
const ME: Settings = {
  ...DEFAULT_SETTINGS,
  language: 'ru',
  customTargets: MY_SITES,
  contribute: { enabled: true, includeUserTargets: false },
};

function imported(text: string, current: Settings = ME, mode?: 'merge' | 'replace') {
  const result = importPreset(text, current, mode);
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result;
}

const KEY_NAME =
  /\b(language|packId|customTargets|removedTargetIds|scheduleMinutes|dohResolvers|ooniApiBase|collectorBase|captiveCheckUrl|requestTimeoutMs|concurrency|retentionDays|contribute|includeUserTargets|budgetMb|refreshMinutes|mirrorsUrl)\b/;

describe('a preset cannot widen consent', () => {
  it('ignores includeUserTargets from a file and says so', () => {
    const result = imported(preset({ contribute: { enabled: true, includeUserTargets: true } }));
    expect(result.settings.contribute).toEqual(ME.contribute);
    expect(result.refused).toEqual([{ key: 'contribute', reason: 'user-only' }]);
  });

  it('cannot turn contribution off either: every contribute choice is the user’s', () => {
    const result = imported(preset({ contribute: { enabled: false, includeUserTargets: false } }));
    expect(result.settings.contribute).toEqual({ enabled: true, includeUserTargets: false });
  });

  it('says nothing about contribute when the file repeats the user’s own choice', () => {
    expect(imported(preset({ contribute: ME.contribute })).refused).toEqual([]);
  });
});

describe('a preset cannot move where data goes', () => {
  it('only suggests an https collector and API; neither is used until the user accepts', () => {
    const result = imported(
      preset({ collectorBase: 'https://collector.example', ooniApiBase: 'https://api.example' }),
    );
    expect(result.settings.collectorBase).toBe(ME.collectorBase);
    expect(result.settings.ooniApiBase).toBe(ME.ooniApiBase);
    expect(result.suggestions).toEqual([
      { key: 'collectorBase', url: 'https://collector.example' },
      { key: 'ooniApiBase', url: 'https://api.example' },
    ]);
  });

  it('refuses a plain-http collector outright: it is not even suggested', () => {
    const result = imported(preset({ collectorBase: 'http://evil.example/' }));
    expect(result.suggestions).toEqual([]);
    expect(result.settings.collectorBase).toBe(ME.collectorBase);
    expect(result.refused).toEqual([{ key: 'collectorBase', reason: 'not-https' }]);
  });

  it('only suggests data-bundle endpoints, one per new https address; the list is unchanged until accepted', () => {
    const mine = { ...ME, dataBundleEndpoints: ['https://mine.example/d.json'] };
    const result = imported(
      preset({
        dataBundleEndpoints: [
          'https://mine.example/d.json',
          'https://ngo.example/d.json',
          'http://plain.example/d.json',
          'https://ngo.example/d.json',
        ],
      }),
      mine,
    );
    expect(result.settings.dataBundleEndpoints).toEqual(['https://mine.example/d.json']);
    expect(result.suggestions).toEqual([{ key: 'dataBundleEndpoints', url: 'https://ngo.example/d.json' }]);
    expect(result.refused).toEqual([{ key: 'dataBundleEndpoints', reason: 'not-https' }]);
    expect(acceptEndpointSuggestion(mine, result.suggestions[0]!)).toEqual({
      dataBundleEndpoints: ['https://mine.example/d.json', 'https://ngo.example/d.json'],
    });
    const t = createTranslator(ru as Messages, en as Messages);
    expect(suggestionText(result.suggestions[0]!, t)).toContain('ngo.example');
    expect(suggestionText(result.suggestions[0]!, t)).not.toMatch(/[a-z]{5,} [a-z]{5,}/);
  });

  it('suggests nothing when the file names the address already in use', () => {
    expect(imported(preset({ collectorBase: ME.collectorBase })).suggestions).toEqual([]);
  });

  it('accepting a suggested address turns contribution off until the user consents to the new host', () => {
    const change = acceptEndpointSuggestion(
      { ...ME, contribute: { enabled: true, includeUserTargets: true } },
      { key: 'collectorBase', url: 'https://collector.example' },
    );
    expect(change).toEqual({
      collectorBase: 'https://collector.example',
      contribute: { enabled: false, includeUserTargets: false },
    });
  });

  it('accepting never stores a plain-http address, whatever the caller passes', () => {
    expect(acceptEndpointSuggestion(ME, { key: 'collectorBase', url: 'http://evil.example/' })).toEqual({});
  });
});

describe('every remote address is https (the captive check excepted)', () => {
  it('rejects stored plain-http API, collector, resolvers and mirror list, falling back to defaults', () => {
    const stored = migrateSettings({
      ooniApiBase: 'http://api.example',
      collectorBase: 'http://collector.example',
      dohResolvers: ['http://doh.example/dns-query'],
      advice: { mirrorsUrl: 'http://mirrors.example/list.json' },
      captiveCheckUrl: 'http://captive.example/generate_204',
    });
    expect(stored.ooniApiBase).toBe(DEFAULT_SETTINGS.ooniApiBase);
    expect(stored.collectorBase).toBe(DEFAULT_SETTINGS.collectorBase);
    expect(stored.dohResolvers).toEqual(DEFAULT_SETTINGS.dohResolvers);
    expect(stored.advice.mirrorsUrl).toBe(DEFAULT_SETTINGS.advice.mirrorsUrl);
    expect(stored.captiveCheckUrl).toBe('http://captive.example/generate_204');
  });

  it('keeps the user’s resolvers when a file lists a plain-http one among them', () => {
    const mine = { ...ME, dohResolvers: ['https://mine.example/dns-query'] };
    const result = imported(
      preset({ dohResolvers: ['https://doh.example/dns-query', 'http://spy.example/dns-query'] }),
      mine,
    );
    expect(result.settings.dohResolvers).toEqual(['https://mine.example/dns-query']);
    expect(result.refused).toEqual([{ key: 'dohResolvers', reason: 'not-https' }]);
  });

  it('takes https resolvers and a plain-http captive check from a file', () => {
    const result = imported(
      preset({
        dohResolvers: ['https://doh.example/dns-query'],
        captiveCheckUrl: 'http://captive.example/generate_204',
      }),
    );
    expect(result.settings.dohResolvers).toEqual(['https://doh.example/dns-query']);
    expect(result.settings.captiveCheckUrl).toBe('http://captive.example/generate_204');
    expect(result.refused).toEqual([]);
  });
});

describe('imported sites never lose the user’s own', () => {
  it('merges the file’s sites with the user’s list by URL, keeping the user’s names', () => {
    const result = imported(
      preset({
        customTargets: [
          { url: 'https://OWN0.example/#top', name: 'Their name', category: 'other' },
          { url: 'https://new1.example/', name: 'New 1', category: 'news' },
          { url: 'https://new2.example/', name: 'New 2', category: 'social' },
        ],
      }),
    );
    expect(result.settings.customTargets).toHaveLength(34);
    expect(result.settings.customTargets.slice(0, 32)).toEqual(MY_SITES);
    expect(result.targets).toEqual({ mode: 'merge', added: 2, kept: 32, removed: 0, skipped: 0 });
  });

  it('keeps all 32 sites when the file has an empty list', () => {
    const result = imported(preset({ customTargets: [] }));
    expect(result.settings.customTargets).toEqual(MY_SITES);
    expect(result.refused).toEqual([{ key: 'customTargets', reason: 'invalid' }]);
  });

  it('keeps all sites when the file’s list is not a list, even if the user chose replace', () => {
    const result = imported(preset({ customTargets: 'all of them' }), ME, 'replace');
    expect(result.settings.customTargets).toEqual(MY_SITES);
    const empty = imported(preset({ customTargets: [{ url: 'javascript:alert(1)' }] }), ME, 'replace');
    expect(empty.settings.customTargets).toEqual(MY_SITES);
  });

  it('replaces the list only when the user chose replace, keeping their entry for a shared site', () => {
    const result = imported(
      preset({
        customTargets: [
          { url: 'https://own3.example/', name: 'Theirs', category: 'other' },
          { url: 'https://new.example/', name: 'New', category: 'news' },
        ],
      }),
      ME,
      'replace',
    );
    expect(result.settings.customTargets).toEqual([
      MY_SITES[3],
      expect.objectContaining({ url: 'https://new.example/' }),
    ]);
    expect(result.targets).toEqual({ mode: 'replace', added: 1, kept: 1, removed: 31, skipped: 0 });
  });

  it('keeps the pack entries the user removed removed; a file can only add removals', () => {
    const mine = { ...ME, removedTargetIds: ['https://a.example/'] };
    expect(imported(preset({ removedTargetIds: [] }), mine).settings.removedTargetIds).toEqual([
      'https://a.example/',
    ]);
    expect(
      imported(preset({ removedTargetIds: ['https://b.example/'] }), mine).settings.removedTargetIds,
    ).toEqual(['https://a.example/', 'https://b.example/']);
  });

  it('counts entries of the file that are not sites as skipped', () => {
    const result = imported(preset({ customTargets: [{ url: 'https://a.example/' }, { url: 'nope' }, 7] }));
    expect(result.targets).toMatchObject({ added: 1, skipped: 2 });
  });
});

describe('an invalid value keeps the user’s previous value', () => {
  it('keeps the user’s schedule, not the default, when the file’s is out of range', () => {
    const mine = { ...ME, scheduleMinutes: 120 };
    const result = imported(preset({ scheduleMinutes: 99_999, retentionDays: 30 }), mine);
    expect(result.settings.scheduleMinutes).toBe(120);
    expect(result.settings.retentionDays).toBe(30);
    expect(result.refused).toEqual([{ key: 'scheduleMinutes', reason: 'invalid' }]);
  });

  it('takes one valid nested field without resetting its sibling', () => {
    const mine = { ...ME, library: { budgetMb: 500, refreshMinutes: 30 } };
    const result = imported(preset({ library: { budgetMb: 50, refreshMinutes: -1 } }), mine);
    expect(result.settings.library).toEqual({ budgetMb: 50, refreshMinutes: 30 });
    expect(result.refused).toEqual([{ key: 'library.refreshMinutes', reason: 'invalid' }]);
  });

  it('refuses a pack that does not exist instead of testing nothing', () => {
    const result = imported(preset({ packId: 'atlantis' }));
    expect(result.settings.packId).toBe(ME.packId);
    expect(imported(preset({ packId: 'none' })).settings.packId).toBe('none');
  });

  it('reports unknown entries without taking them', () => {
    const result = imported(preset({ sneaky: 1, library: { secret: true } }));
    expect(result.refused).toEqual([
      { key: 'sneaky', reason: 'unknown' },
      { key: 'library.secret', reason: 'unknown' },
    ]);
    expect(result.settings).toEqual(ME);
  });

  it('round-trips an exported file without changing anything', () => {
    const result = imported(exportPreset(ME));
    expect(result.settings).toEqual(ME);
    expect(result.changes).toEqual([]);
    expect(result.suggestions).toEqual([]);
  });
});

describe('the import report is words in the user’s language', () => {
  const hostile = preset({
    language: 'kk',
    collectorBase: 'http://evil.example/',
    contribute: { enabled: true, includeUserTargets: true },
    customTargets: [],
    scheduleMinutes: 'often',
  });
  const result = imported(hostile) as Extract<PresetImport, { ok: true }>;

  it('says what changed, what was kept and what was ignored, in English', () => {
    const lines = importReportLines(result, createTranslator(en as Messages));
    expect(lines).toEqual([
      'Language: Russian → Kazakh',
      'Ignored: the file asked to change where contributions are sent, but not to a valid https address.',
      'Ignored: the file asked to change your contribution choices. Only you can change them, on this page.',
      'Ignored: the file’s list of sites is empty or not valid. Your sites are kept (32).',
      'Ignored: Minutes between checks — the file’s value is not valid; yours is kept.',
    ]);
  });

  it('never shows an internal key name, in Russian or Kazakh', () => {
    for (const messages of [ru, kk]) {
      const lines = importReportLines(result, createTranslator(messages as Messages, en as Messages));
      expect(lines).toHaveLength(5);
      for (const line of lines) expect(line).not.toMatch(KEY_NAME);
    }
    expect(importReportLines(result, createTranslator(ru as Messages))[0]).toBe('Язык: русский → казахский');
    expect(importReportLines(result, createTranslator(kk as Messages))[0]).toBe('Тіл: орыс → қазақ');
  });

  it('counts sites added and kept', () => {
    const added = imported(preset({ customTargets: [{ url: 'https://new.example/' }] }));
    expect(importReportLines(added, createTranslator(en as Messages))).toEqual([
      'Sites added: 1 (yours kept: 32).',
    ]);
  });

  it('names the suggested host, not the key', () => {
    const t = createTranslator(en as Messages);
    expect(suggestionText({ key: 'collectorBase', url: 'https://collector.example/x' }, t)).toBe(
      'This file suggests sending contributions to collector.example.',
    );
  });
});
