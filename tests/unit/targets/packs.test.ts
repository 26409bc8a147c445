import { describe, expect, it } from 'vitest';
import { CATEGORIES, DEFAULT_PACK_ID, getPack, listPacks, normaliseTargetUrl } from '../../../lib/targets';

const packs = listPacks();

describe('built-in packs', () => {
  it('offers Kazakhstan (the default), Russia, Belarus and Global', () => {
    expect(packs.map((pack) => pack.id)).toEqual(['kz', 'ru', 'by', 'global']);
    expect(DEFAULT_PACK_ID).toBe('kz');
    expect(getPack(DEFAULT_PACK_ID)?.name).toBe('Kazakhstan');
    expect(getPack('none')).toBeUndefined();
  });

  describe.each(packs.map((pack) => [pack.id, pack] as const))('%s', (_id, pack) => {
    it('gives every entry an https URL already in normal form, used as its id', () => {
      for (const target of pack.targets) {
        expect(target.url, target.name).toMatch(/^https:\/\//);
        expect(normaliseTargetUrl(target.url), target.url).toEqual({ ok: true, url: target.url });
        expect(target.id).toBe(target.url);
      }
    });

    it('gives every entry a name, a known category and the pack source', () => {
      for (const target of pack.targets) {
        expect(target.name.trim(), target.url).not.toBe('');
        expect(CATEGORIES, target.url).toContain(target.category);
        expect(target.category, target.url).not.toBe('other');
        expect(target.source).toBe('pack');
      }
    });

    it('lists each site once', () => {
      const ids = pack.targets.map((target) => target.id);
      expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    });

    it('has a global control, so a dead connection is not mistaken for a block', () => {
      expect(pack.targets.some((target) => target.category === 'control-global')).toBe(true);
    });

    it('covers messengers, social media, news and circumvention', () => {
      for (const category of ['messengers', 'social', 'news', 'circumvention'] as const) {
        expect(
          pack.targets.some((target) => target.category === category),
          category,
        ).toBe(true);
      }
    });

    it('names sources a reader can check', () => {
      expect(pack.sources.length).toBeGreaterThan(0);
      for (const source of pack.sources) expect(source).toMatch(/^https?:\/\/[^\s]+$/);
    });
  });

  describe.each(packs.filter((pack) => pack.country).map((pack) => [pack.id, pack] as const))(
    'country pack %s',
    (_id, pack) => {
      it('has a domestic control, so a whitelist can be told from a shutdown', () => {
        expect(pack.targets.some((target) => target.category === 'control-domestic')).toBe(true);
      });

      it('names its country as the two-letter code OONI expects', () => {
        expect(pack.country).toMatch(/^[A-Z]{2}$/);
      });
    },
  );

  it('keeps the global pack free of domestic controls, since it has no country', () => {
    const global = getPack('global');
    expect(global?.country).toBeUndefined();
    expect(global?.targets.some((target) => target.category === 'control-domestic')).toBe(false);
  });

  it('cannot be changed by a caller', () => {
    const kz = getPack('kz');
    expect(Object.isFrozen(kz)).toBe(true);
    expect(Object.isFrozen(kz?.targets)).toBe(true);
    expect(Object.isFrozen(kz?.targets[0])).toBe(true);
  });

  it('tests the messengers Kazakhstan blocked on 2 January 2022', () => {
    const urls = getPack('kz')
      ?.targets.filter((t) => t.category === 'messengers')
      .map((t) => t.url);
    expect(urls).toEqual(
      expect.arrayContaining([
        'https://web.whatsapp.com/',
        'https://web.telegram.org/',
        'https://signal.org/',
      ]),
    );
  });
});
