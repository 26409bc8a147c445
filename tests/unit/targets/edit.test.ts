import { describe, expect, it } from 'vitest';
import { addTarget, MAX_TARGETS, mergeTargets, removeTarget, type Target } from '../../../lib/targets';

const target = (url: string, extra: Partial<Target> = {}): Target => ({
  id: url,
  url,
  name: new URL(url).hostname,
  category: 'other',
  source: 'user',
  ...extra,
});

describe('addTarget', () => {
  it('adds a normalised user target named after its host, without changing the input list', () => {
    const list: Target[] = [];
    const result = addTarget(list, { url: 'WWW.Azattyq.org/#news' });
    if (!result.ok) throw new Error(result.detail);
    expect(result.target).toEqual({
      id: 'https://www.azattyq.org/',
      url: 'https://www.azattyq.org/',
      name: 'azattyq.org',
      category: 'other',
      source: 'user',
    });
    expect(result.list).toEqual([result.target]);
    expect(list).toEqual([]);
  });

  it('keeps a given name (tidied) and a known category', () => {
    const result = addTarget([], { url: 'https://vlast.kz', name: '  Vlast\n kz ', category: 'news' });
    expect(result.ok && result.target).toMatchObject({ name: 'Vlast kz', category: 'news' });
  });

  it('files an unknown category under other rather than trusting the caller', () => {
    const result = addTarget([], { url: 'https://vlast.kz', category: 'gossip' as Target['category'] });
    expect(result.ok && result.target.category).toBe('other');
  });

  it('rejects the same site under another spelling as a duplicate', () => {
    const list = [target('https://orda.kz/', { name: 'Orda' })];
    expect(addTarget(list, { url: 'ORDA.kz/#x' })).toEqual({
      ok: false,
      reason: 'duplicate',
      detail: 'already in the list as Orda',
    });
  });

  it('recognises a duplicate of a stored entry whose id was never normalised', () => {
    const list = [{ ...target('https://orda.kz/'), id: 'legacy-id', url: 'HTTPS://ORDA.KZ' }];
    expect(addTarget(list, { url: 'https://orda.kz/' })).toMatchObject({ ok: false, reason: 'duplicate' });
  });

  it('rejects non-http URLs with the reason', () => {
    expect(addTarget([], { url: 'ftp://files.example.org/' })).toMatchObject({
      ok: false,
      reason: 'not-http',
    });
    expect(addTarget([], { url: '' })).toMatchObject({ ok: false, reason: 'empty' });
  });
});

describe('removeTarget and mergeTargets', () => {
  it('removes a target by id and leaves the list alone when the id is unknown', () => {
    const list = [target('https://orda.kz/'), target('https://vlast.kz/')];
    expect(removeTarget(list, 'https://orda.kz/').map((t) => t.id)).toEqual(['https://vlast.kz/']);
    expect(removeTarget(list, 'https://nope.example/')).toEqual(list);
  });

  it('appends only new targets, and an existing entry keeps its name and category', () => {
    const base = [target('https://orda.kz/', { name: 'Orda', category: 'news' })];
    const added = [
      target('https://orda.kz/', { name: 'orda.kz', category: 'other', source: 'ooni' }),
      target('https://kloop.kg/', { source: 'ooni' }),
      target('https://kloop.kg/', { source: 'ooni', name: 'again' }),
    ];
    expect(mergeTargets(base, added).map((t) => [t.id, t.name, t.category])).toEqual([
      ['https://orda.kz/', 'Orda', 'news'],
      ['https://kloop.kg/', 'kloop.kg', 'other'],
    ]);
  });

  it('refuses a site once the list holds as many as a run checks', () => {
    const full = Array.from({ length: MAX_TARGETS }, (_, i) => ({
      id: `https://s${i}.kz/`,
      url: `https://s${i}.kz/`,
      name: `s${i}`,
      category: 'news' as const,
      source: 'user' as const,
    }));
    const result = addTarget(full, { url: 'https://vlast.kz/' });
    expect(result).toMatchObject({ ok: false, reason: 'too-many' });
    expect(addTarget(full.slice(1), { url: 'https://vlast.kz/' }).ok).toBe(true);
  });
});
