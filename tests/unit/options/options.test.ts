import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../lib/db';
import {
  addResolver,
  countRows,
  findLeftovers,
  formatBytes,
  groupTargets,
  isClean,
  parseEndpointUrl,
  parseWholeNumber,
  removeChange,
  removeResolver,
  restoreChange,
  RETENTION_RANGE,
  SCHEDULE_RANGE,
  settingsFileName,
} from '../../../lib/options';
import { DEFAULT_SETTINGS, onSettingsChanged, saveSettings } from '../../../lib/settings';
import { getPack } from '../../../lib/targets';
import type { Target } from '../../../lib/targets/types';

describe('options fields', () => {
  it('accepts a whole number of minutes in range, 0 meaning off', () => {
    expect(parseWholeNumber(' 45 ', SCHEDULE_RANGE)).toEqual({ ok: true, value: 45 });
    expect(parseWholeNumber('0', SCHEDULE_RANGE)).toEqual({ ok: true, value: 0 });
  });

  it('explains why a number is refused instead of dropping it', () => {
    expect(parseWholeNumber('', SCHEDULE_RANGE)).toEqual({ ok: false, problem: { reason: 'empty' } });
    expect(parseWholeNumber('1.5', SCHEDULE_RANGE)).toEqual({
      ok: false,
      problem: { reason: 'not-a-whole-number' },
    });
    expect(parseWholeNumber('30m', SCHEDULE_RANGE).ok).toBe(false);
    expect(parseWholeNumber('-1', SCHEDULE_RANGE).ok).toBe(false);
    expect(parseWholeNumber('1441', SCHEDULE_RANGE)).toEqual({
      ok: false,
      problem: { reason: 'out-of-range', min: 0, max: 1440 },
    });
    expect(parseWholeNumber('0', RETENTION_RANGE)).toEqual({
      ok: false,
      problem: { reason: 'out-of-range', min: 1, max: 3650 },
    });
  });

  it('accepts only absolute https endpoint URLs, without guessing a scheme', () => {
    expect(parseEndpointUrl(' https://doh.example/dns-query ')).toEqual({
      ok: true,
      value: 'https://doh.example/dns-query',
    });
    expect(parseEndpointUrl('doh.example/dns-query')).toEqual({
      ok: false,
      problem: { reason: 'invalid-url' },
    });
    expect(parseEndpointUrl('ftp://doh.example/')).toEqual({ ok: false, problem: { reason: 'not-https' } });
    expect(parseEndpointUrl('javascript:alert(1)')).toEqual({ ok: false, problem: { reason: 'not-https' } });
    expect(parseEndpointUrl('  ')).toEqual({ ok: false, problem: { reason: 'empty' } });
  });

  it('refuses a plain-http endpoint, except where the captive-portal check allows it', () => {
    expect(parseEndpointUrl('http://collector.example/')).toEqual({
      ok: false,
      problem: { reason: 'not-https' },
    });
    expect(addResolver([], 'http://doh.example/dns-query')).toEqual({
      ok: false,
      problem: { reason: 'not-https' },
    });
    expect(parseEndpointUrl('http://captive.example/generate_204', { allowHttp: true })).toEqual({
      ok: true,
      value: 'http://captive.example/generate_204',
    });
    expect(parseEndpointUrl('ftp://captive.example/', { allowHttp: true })).toEqual({
      ok: false,
      problem: { reason: 'not-http' },
    });
  });

  it('adds a resolver once and refuses a duplicate or a bad URL', () => {
    const list = ['https://a.example/dns-query'];
    expect(addResolver(list, 'https://b.example/dns-query')).toEqual({
      ok: true,
      value: ['https://a.example/dns-query', 'https://b.example/dns-query'],
    });
    expect(addResolver(list, 'https://a.example/dns-query')).toEqual({
      ok: false,
      problem: { reason: 'duplicate' },
    });
    expect(addResolver(list, 'not a url').ok).toBe(false);
    expect(list).toEqual(['https://a.example/dns-query']);
  });

  it('refuses to remove the last resolver, which would silently bring back the defaults', () => {
    expect(removeResolver(['https://a.example/q', 'https://b.example/q'], 'https://a.example/q')).toEqual({
      ok: true,
      value: ['https://b.example/q'],
    });
    expect(removeResolver(['https://a.example/q'], 'https://a.example/q')).toEqual({
      ok: false,
      problem: { reason: 'last-one' },
    });
  });
});

describe('options target list', () => {
  const kz = getPack('kz')!;
  const own: Target = {
    id: 'https://own.example/',
    url: 'https://own.example/',
    name: 'own',
    category: 'news',
    source: 'user',
  };

  it('lists every pack entry by category, a removed one inactive but still there to restore', () => {
    const first = kz.targets[0]!;
    const groups = groupTargets({ packId: 'kz', customTargets: [own], removedTargetIds: [first.id] });
    const rows = groups.flatMap((g) => g.rows);
    expect(rows).toHaveLength(kz.targets.length + 1);
    expect(rows.find((r) => r.target.id === first.id)).toMatchObject({ origin: 'pack', active: false });
    expect(rows.find((r) => r.target.id === own.id)).toMatchObject({ origin: 'own', active: true });
    const group = groups.find((g) => g.category === first.category)!;
    expect(group.activeCount).toBe(group.rows.length - 1);
    for (const g of groups) expect(g.rows.every((r) => r.target.category === g.category)).toBe(true);
  });

  it('shows only the own list for packId none, and an own entry equal to a pack entry once', () => {
    expect(groupTargets({ packId: 'none', customTargets: [own], removedTargetIds: [] })).toEqual([
      { category: 'news', rows: [{ target: own, origin: 'own', active: true }], activeCount: 1 },
    ]);
    const duplicate = { ...kz.targets[0]!, source: 'user' as const };
    const rows = groupTargets({ packId: 'kz', customTargets: [duplicate], removedTargetIds: [] }).flatMap(
      (g) => g.rows,
    );
    expect(rows.filter((r) => r.target.id === duplicate.id)).toHaveLength(1);
  });

  it('remembers a removed pack entry, deletes an own one, and restores a pack entry', () => {
    const settings = { customTargets: [own], removedTargetIds: [] as string[] };
    const packRow = { target: kz.targets[0]!, origin: 'pack' as const, active: true };
    expect(removeChange(settings, packRow)).toEqual({ removedTargetIds: [kz.targets[0]!.id] });
    expect(removeChange(settings, { target: own, origin: 'own', active: true })).toEqual({
      customTargets: [],
    });
    expect(restoreChange({ removedTargetIds: ['a', 'b'] }, 'a')).toEqual({ removedTargetIds: ['b'] });
  });
});

describe('options settings file', () => {
  it('names the export by date only', () => {
    expect(settingsFileName(new Date('2026-11-23T01:02:03Z'))).toBe('vantage-settings-2026-11-23.json');
  });
});

describe('options storage use', () => {
  it('counts rows in every store it lists, and 0 for a store the database lacks', async () => {
    const db = await openDatabase('options-count-test');
    await db.put('runs', {
      id: 'r1',
      trigger: 'manual',
      startedAt: 1,
      status: 'done',
      targetIds: [],
      doneTargetIds: [],
    });
    await db.put('outbox', { id: 'o1' } as never);
    const counts = await countRows(db);
    expect(counts).toMatchObject({ runs: 1, outbox: 1, measurements: 0, articles: 0 });
    const old = {
      objectStoreNames: { contains: (n: string) => n === 'runs' },
      count: () => Promise.resolve(2),
    };
    expect(await countRows(old)).toMatchObject({ runs: 2, outbox: 0 });
    db.close();
  });

  it('formats bytes in the reader’s language', () => {
    expect(formatBytes(0, 'en')).toBe('0 byte');
    expect(formatBytes(1536, 'en')).toBe('1.5 kB');
    expect(formatBytes(3 * 1024 * 1024, 'ru')).toMatch(/^3 МБ$/);
    expect(formatBytes(1.5 * 1024 * 1024 * 1024, 'kk')).toMatch(/^1,5 ГБ$/);
  });
});

describe('options after-wipe check', () => {
  it('calls the device clean only when no database, storage key or alarm is found', async () => {
    const none = { listDatabases: async () => [], storageKeys: async () => [], alarmNames: async () => [] };
    expect(isClean(await findLeftovers(none))).toBe(true);
    const left = await findLeftovers({ ...none, listDatabases: async () => [{ name: 'vantage' }, {}] });
    expect(left.databases).toEqual(['vantage']);
    expect(isClean(left)).toBe(false);
    expect(isClean(await findLeftovers({ ...none, alarmNames: async () => ['vantage-check'] }))).toBe(false);
  });
});

describe('settings removed by a wipe', () => {
  beforeEach(() => fakeBrowser.reset());

  it('does not answer a wipe with the defaults (which would re-create the schedule)', async () => {
    const seen: number[] = [];
    onSettingsChanged((settings) => seen.push(settings.scheduleMinutes));
    await saveSettings({ scheduleMinutes: 60 });
    await fakeBrowser.storage.local.clear();
    await saveSettings({ scheduleMinutes: 0 });
    expect(seen).toEqual([60, 0]);
    expect(DEFAULT_SETTINGS.scheduleMinutes).not.toBe(0);
  });
});
