import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { activeTargets } from '../../../lib/engine/targets';
import { categoryChange, groupTargets, restoreCategoryChange, type TargetRow } from '../../../lib/options';
import {
  DEFAULT_SETTINGS,
  importPreset,
  exportPreset,
  migrateSettings,
  type Settings,
} from '../../../lib/settings';
import {
  cleanNotes,
  fetchOoniTestList,
  getPack,
  parseTestListCsv,
  type Category,
} from '../../../lib/targets';
import {
  categoryFromCitizenLab,
  CITIZEN_LAB_RULES,
  countryFromFileName,
  notesSayMessenger,
  OLD_CODES,
} from '../../../lib/targets/citizenlab-category';
import { csvRows } from '../../../lib/targets/csv-rows';

// Lists in Citizen Lab's layout, written for these tests from facts of the real ones (its SOURCES.md).
const real = (name: string) =>
  readFileSync(new URL(`../../fixtures/targets/citizenlab/${name}`, import.meta.url), 'utf8');

function byUrl(text: string, country?: string): Record<string, Category> {
  const { targets, errors } = parseTestListCsv(text, { country });
  expect(errors).toEqual([]);
  return Object.fromEntries(targets.map((t) => [t.url, t.category]));
}

describe('Citizen Lab category codes', () => {
  const legend = [...csvRows(real('00-LEGEND-new_category_codes.csv'))].slice(1).map((row) => {
    if (!row.ok) throw new Error(row.message);
    const [, code, replaces] = row.fields;
    return { code: code!, replaces: replaces!.split(/\s+/).filter((old) => old && old !== 'N/A') };
  });

  it('maps every code of the legend, and every old code to the code that replaced it', () => {
    expect(legend).toHaveLength(31);
    expect(Object.keys(CITIZEN_LAB_RULES).sort()).toEqual(legend.map((l) => l.code).sort());
    for (const { code, replaces } of legend) {
      for (const old of replaces.filter((o) => o !== code && o !== 'MSG')) {
        expect(OLD_CODES[old], old).toBe(code);
        // An old code means what its new code means, for any site.
        for (const url of ['https://astana.gov.kz/', 'https://example.org/'])
          expect(categoryFromCitizenLab(old, url, { country: 'KZ' }), `${old} ${url}`).toBe(
            categoryFromCitizenLab(code, url, { country: 'KZ' }),
          );
      }
    }
  });

  it('gives each code the category of the question it answers', () => {
    const url = 'https://site.example.org/';
    const expected: Record<string, Category> = {
      NEWS: 'news',
      GRP: 'social',
      MMED: 'social',
      ANON: 'circumvention',
      CTRL: 'control-global',
    };
    for (const { code } of legend)
      expect(categoryFromCitizenLab(code, url, { country: 'KZ' }), code).toBe(expected[code] ?? 'other');
    expect(categoryFromCitizenLab('MSG', url)).toBe('messengers');
    expect(categoryFromCitizenLab('zzz', url)).toBe('other');
    expect(categoryFromCitizenLab(undefined, url)).toBe('other');
  });

  it('makes a country list’s government, bank, portal and control sites under its domain the domestic control', () => {
    const categories = byUrl(real('kz.csv'), 'KZ');
    expect(categories['http://astana.gov.kz/']).toBe('control-domestic'); // GOVT
    expect(categories['https://halykbank.kz/']).toBe('control-domestic'); // COMM: a bank
    expect(categories['https://yandex.kz/']).toBe('control-domestic'); // SRCH: a portal
    expect(categories['https://zero.kz/']).toBe('control-domestic'); // CTRL
    expect(categories['https://www.cars.com/']).toBe('control-global'); // CTRL abroad
    // Foreign hosts in the country's list: listed because they are blocked there.
    expect(categories['https://www.bis.doc.gov/']).toBe('other');
    expect(categories['https://www.ozon.ru/']).toBe('other');
    // A domestic host whose notes say it is blocked cannot be a control.
    expect(categories['https://a-sert.kz/']).toBe('other');
    expect(categories['http://www.kazrena.kz/']).toBe('other'); // ECON is not a control
    expect(categories['https://www.minber.kz/']).toBe('news');
    expect(categories['https://ct.kz/']).toBe('circumvention');
    expect(categories['https://vse.kz/']).toBe('social');
    expect(categories['https://kaztube.kz/']).toBe('social');
    expect(categories['http://ajur.kz/']).toBe('other');
  });

  it('without a country, no site is a domestic control', () => {
    const categories = byUrl(real('kz.csv'));
    expect(categories['http://astana.gov.kz/']).toBe('other');
    expect(categories['https://halykbank.kz/']).toBe('other');
    expect(categories['https://zero.kz/']).toBe('control-global');
  });

  it('knows the domestic domains of the packs’ countries, Cyrillic ones included', () => {
    expect(categoryFromCitizenLab('GOVT', 'https://xn--80ao21a.xn--80ao21a/', { country: 'KZ' })).toBe(
      'control-domestic',
    );
    expect(categoryFromCitizenLab('GOVT', 'https://gov.xn--p1ai/', { country: 'RU' })).toBe(
      'control-domestic',
    );
    expect(categoryFromCitizenLab('GOVT', 'https://gov.by/', { country: 'KZ' })).toBe('other');
  });

  it('calls COMT sites messengers by their domain', () => {
    const categories = byUrl(real('global.csv'));
    expect(categories['https://www.whatsapp.com/']).toBe('messengers');
    expect(categories['https://signal.org/']).toBe('messengers');
    expect(categories['https://www.skype.com/']).toBe('messengers');
    // OONI moved Telegram to GRP (June 2026): still a messenger to our users.
    expect(categories['https://telegram.org/']).toBe('messengers');
    expect(categories['https://mail.google.com/']).toBe('other');
    expect(categories['https://translate.google.com/']).toBe('other');
    expect(categories['https://www.gmx.com/']).toBe('other');
  });

  it('calls COMT sites messengers by the notes column, and not when the notes deny it', () => {
    const text = [
      'url,category_code,category_description,date_added,source,notes',
      'https://chat.example.org/,COMT,Communication Tools,2024-01-01,x,messenger used by students',
      'https://kz-im.example.kz/,COMT,Communication Tools,2024-01-01,x,казахстанский мессенджер',
      'https://webmail.example.org/,COMT,Communication Tools,2024-01-01,x,webmail: not a messenger',
      'https://kk.example.kz/,COMT,Communication Tools,2024-01-01,x,бұл мессенджер емес',
      'https://tg.example.org/,COMT,Communication Tools,2024-01-01,x,Telegram proxy list',
      'https://vpn.example.org/,ANON,Anonymization,2024-01-01,x,Tor and Telegram proxies',
    ].join('\n');
    expect(byUrl(text)).toEqual({
      'https://chat.example.org/': 'messengers',
      'https://kz-im.example.kz/': 'messengers',
      'https://webmail.example.org/': 'other',
      'https://kk.example.kz/': 'other',
      'https://tg.example.org/': 'messengers',
      // Only COMT rows are read for messengers: a circumvention tool stays one.
      'https://vpn.example.org/': 'circumvention',
    });
    const realOnes = byUrl(real('global.csv'));
    expect(realOnes['https://simplex.chat/']).toBe('messengers');
    expect(realOnes['https://support.delta.chat/']).toBe('messengers');
    expect(notesSayMessenger('Updated by OONI on 2017-02-14')).toBe(false);
  });

  it('reads the list’s country from a Citizen Lab file name', () => {
    expect(countryFromFileName('kz.csv')).toBe('KZ');
    expect(countryFromFileName('KZ (1).csv')).toBe('KZ');
    expect(countryFromFileName('global.csv')).toBeUndefined();
    expect(countryFromFileName('my-sites.csv')).toBeUndefined();
  });
});

describe('the notes column', () => {
  it('is kept with each target, as the list wrote it', () => {
    const { targets } = parseTestListCsv(real('kz.csv'), { country: 'KZ' });
    const notes = Object.fromEntries(targets.map((t) => [t.url, t.notes]));
    expect(notes['https://yandex.kz/']).toBe('search portal; mail and news too');
    expect(notes['https://www.getcontact.com/']).toBe(
      'caller-ID app, blocked in KZ since 2018 (privacy law)',
    );
    expect(notes['https://halykbank.kz/']).toBeUndefined();
    expect(targets.find((t) => t.url === 'https://halykbank.kz/')).not.toHaveProperty('notes');
  });

  it('is kept as one line of plain text, shortened past 300 characters', () => {
    expect(cleanNotes(' two\nlines\u202Ereversed\u0000 ')).toBe('two lines reversed');
    expect(cleanNotes('x'.repeat(500))).toHaveLength(300);
    expect(cleanNotes('   ')).toBeUndefined();
  });

  it('survives being saved and read back, and a settings file', () => {
    const { targets } = parseTestListCsv(real('kz.csv'), { country: 'KZ' });
    const stored = migrateSettings({ customTargets: targets });
    expect(stored.customTargets).toEqual(targets);
    const file = exportPreset({ ...DEFAULT_SETTINGS, customTargets: targets });
    const imported = importPreset(file, DEFAULT_SETTINGS);
    expect(imported.ok && imported.settings.customTargets).toEqual(targets);
  });
});

describe('editing a target’s category', () => {
  const base: Settings = { ...DEFAULT_SETTINGS, packId: 'kz' };
  const packTarget = getPack('kz')!.targets.find((t) => t.category === 'news')!;
  const rowOf = (settings: Settings, id: string): TargetRow =>
    groupTargets(settings)
      .flatMap((g) => g.rows)
      .find((r) => r.target.id === id)!;

  it('changes the user’s own site in place', () => {
    const own = {
      id: 'https://mine.kz/',
      url: 'https://mine.kz/',
      name: 'mine',
      category: 'other' as const,
      source: 'user' as const,
    };
    const settings = { ...base, customTargets: [own] };
    const change = categoryChange(settings, rowOf(settings, own.id), 'news');
    expect(change).toEqual({ customTargets: [{ ...own, category: 'news' }] });
    expect(change.categoryOverrides).toBeUndefined();
  });

  it('remembers a pack entry’s new category as an override, which a run uses, and restores the pack’s', () => {
    const change = categoryChange(base, rowOf(base, packTarget.id), 'control-domestic');
    expect(change).toEqual({ categoryOverrides: { [packTarget.id]: 'control-domestic' } });
    const edited = migrateSettings({ ...base, ...change });
    expect(edited.categoryOverrides).toEqual({ [packTarget.id]: 'control-domestic' });

    const row = rowOf(edited, packTarget.id);
    expect(row.target.category).toBe('control-domestic');
    expect(row.packCategory).toBe('news');
    expect(activeTargets(edited).find((t) => t.id === packTarget.id)?.category).toBe('control-domestic');

    const restored = { ...edited, ...restoreCategoryChange(edited, packTarget.id) };
    expect(restored.categoryOverrides).toEqual({});
    expect(rowOf(restored, packTarget.id).target.category).toBe('news');
    expect(rowOf(restored, packTarget.id).packCategory).toBeUndefined();
    // Choosing the pack's own category again is a restore too.
    const back = categoryChange(edited, row, 'news');
    expect(back).toEqual({ categoryOverrides: {} });
  });

  it('keeps only overrides to a known category', () => {
    expect(
      migrateSettings({ categoryOverrides: { a: 'news', b: 'weather', c: 3, '': 'news' }, x: 1 })
        .categoryOverrides,
    ).toEqual({ a: 'news' });
    expect(migrateSettings({ categoryOverrides: ['news'] }).categoryOverrides).toEqual({});
  });

  it('a settings file adds overrides but never replaces one the user chose', () => {
    const mine = { ...base, categoryOverrides: { [packTarget.id]: 'other' as const } };
    const file = exportPreset({ ...base, categoryOverrides: { [packTarget.id]: 'social', x: 'news' } });
    const imported = importPreset(file, mine);
    expect(imported.ok && imported.settings.categoryOverrides).toEqual({
      [packTarget.id]: 'other',
      x: 'news',
    });
  });
});

describe('OONI’s test list for a country', () => {
  it('makes the country list’s government and bank sites under its domain domestic controls, not the global list’s', async () => {
    // The shape api.ooni.io answers with (ooni/backend, list_test_urls): country_code XX = global list.
    const body = JSON.stringify({
      metadata: { count: 4 },
      results: [
        { category_code: 'GOVT', country_code: 'KZ', url: 'http://astana.gov.kz/' },
        { category_code: 'COMM', country_code: 'KZ', url: 'https://halykbank.kz/' },
        { category_code: 'GOVT', country_code: 'KZ', url: 'https://www.bis.doc.gov/' },
        { category_code: 'GOVT', country_code: 'XX', url: 'https://www.gov.kz/' },
        { category_code: 'CTRL', country_code: 'XX', url: 'https://www.cars.com/' },
      ],
    });
    const result = await fetchOoniTestList({
      apiBase: 'https://api.ooni.io/',
      probeCc: 'KZ',
      fetch: async () => ({ ok: true, status: 200, statusText: '', text: async () => body }),
    });
    expect(result.ok && Object.fromEntries(result.targets.map((t) => [t.url, t.category]))).toEqual({
      'http://astana.gov.kz/': 'control-domestic',
      'https://halykbank.kz/': 'control-domestic',
      'https://www.bis.doc.gov/': 'other',
      'https://www.gov.kz/': 'other',
      'https://www.cars.com/': 'control-global',
    });
  });
});
