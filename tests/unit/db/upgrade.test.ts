import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, openDatabase } from '../../../lib/db';
import { MIGRATIONS } from '../../../lib/db/migrations';
import type { MeasurementRecord, RunRecord } from '../../../lib/db';

function measurement(i: number): MeasurementRecord {
  return {
    id: `m${i}`,
    runId: 'r1',
    targetId: `https://site${i % 3}.example/`,
    time: 1_700_000_000_000 + i,
    observation: {} as MeasurementRecord['observation'],
    verdict: { blocking: 'accessible', subKind: 'accessible/ok', confidence: 'likely', evidence: [] },
  };
}

describe('database upgrades', () => {
  it('upgrades a v1 database with data in it to the current version and loses nothing', async () => {
    const name = `upgrade-${Math.random()}`;
    // Build the database exactly as version 1 of the extension did.
    const v1 = await openDB(name, 1, {
      upgrade(db, oldVersion, newVersion, tx) {
        MIGRATIONS[1]!(db as never, tx as never);
      },
    });
    const run: RunRecord = {
      id: 'r1',
      trigger: 'manual',
      startedAt: 1,
      status: 'done',
      targetIds: [],
      doneTargetIds: [],
    };
    for (let i = 0; i < 50; i++) await v1.put('measurements', measurement(i));
    await v1.put('runs', run);
    v1.close();

    const db = await openDatabase(name);
    expect(db.version).toBe(DB_VERSION);
    expect(await db.count('measurements')).toBe(50);
    expect(await db.get('measurements', 'm7')).toEqual(measurement(7));
    expect(await db.get('runs', 'r1')).toEqual(run);
    // The indexes added by later versions cover the old rows too.
    const forSite1 = await db.getAllFromIndex(
      'measurements',
      'byTarget',
      IDBKeyRange.bound(['https://site1.example/', 0], ['https://site1.example/', Infinity]),
    );
    expect(forSite1).toHaveLength(17);
    expect(await db.countFromIndex('measurements', 'byRun', 'r1')).toBe(50);
    await db.add('outages', { state: 'shutdown', start: 5 });
    expect(await db.count('outages')).toBe(1);
    db.close();
  });

  it('creates every store on a fresh install', async () => {
    const db = await openDatabase(`fresh-${Math.random()}`);
    expect([...db.objectStoreNames].sort()).toEqual([
      'articles',
      'images',
      'libraryMeta',
      'measurements',
      'outages',
      'outbox',
      'runs',
      'sources',
    ]);
    db.close();
  });
});
