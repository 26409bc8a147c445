import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type MeasurementRecord } from '../../../lib/db';
import { DEFAULT_SETTINGS, type Settings } from '../../../lib/settings';
import { latestForPage } from '../../../lib/tab-state/latest';

const settings: Settings = {
  ...DEFAULT_SETTINGS,
  packId: 'none',
  customTargets: [
    { id: 'news-1', url: 'https://www.news.example/', name: 'News', category: 'news', source: 'user' },
  ],
};

const measurement = (id: string, targetId: string, time: number, blocking: string) =>
  ({ id, runId: `run-${id}`, targetId, time, verdict: { blocking } }) as unknown as MeasurementRecord;

afterEach(() => closeDatabase());

describe('the newest measurement of the open page’s site', () => {
  it('finds it as a check of that page would file it: a listed site by its entry, another by origin', async () => {
    const db = await openDatabase();
    await db.put('measurements', measurement('a', 'news-1', 1_000, 'accessible'));
    await db.put('measurements', measurement('b', 'news-1', 3_000, 'tls'));
    await db.put('measurements', measurement('c', 'news-1', 2_000, 'dns'));
    await db.put('measurements', measurement('d', 'https://blog.example/', 5_000, 'down'));
    await db.put('measurements', measurement('e', 'other', 9_000, 'dns'));

    expect((await latestForPage(db, 'https://news.example/politics/1', settings))?.id).toBe('b');
    expect((await latestForPage(db, 'https://blog.example/post?x=1', settings))?.id).toBe('d');
    expect(await latestForPage(db, 'https://never.example/', settings)).toBeUndefined();
    // Never looked up for a page Vantage does not check.
    expect(await latestForPage(db, 'http://192.168.1.1/', settings)).toBeUndefined();
  });
});
