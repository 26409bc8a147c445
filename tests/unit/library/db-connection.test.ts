import { forceCloseDatabase } from 'fake-indexeddb';
import { unwrap } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closeDatabase, DB_VERSION, openDatabase } from '../../../lib/db';

// The shared connection of lib/db when the disk is full. In Chrome (e2e library-quota.test.ts),
// once not even the database's log can grow, every connection of the extension's origin is
// closed ("The database connection is closing") and opening fails ("Internal error opening
// backing store") until there is room. Neither may be cached: the library, the engine and the
// reader must work again as soon as space is freed, not only after the worker restarts.

afterEach(async () => {
  vi.restoreAllMocks();
  await closeDatabase().catch(() => undefined);
});

describe('openDatabase after a full disk', () => {
  it('does not keep a connection the browser closed: the next caller gets a fresh one', async () => {
    const first = await openDatabase();
    await first.put('libraryMeta', { key: 'kept', value: 1 });
    forceCloseDatabase(unwrap(first) as unknown as Parameters<typeof forceCloseDatabase>[0]);
    expect(() => first.transaction('libraryMeta')).toThrow();

    const second = await openDatabase();
    expect(second).not.toBe(first);
    expect(await second.get('libraryMeta', 'kept')).toEqual({ key: 'kept', value: 1 });
    expect(await openDatabase()).toBe(second);
  });

  it('does not keep an open that failed: the next call tries again', async () => {
    await (await openDatabase()).put('libraryMeta', { key: 'kept', value: 2 });
    await closeDatabase();
    const realOpen = indexedDB.open.bind(indexedDB);
    // Any refused open will do; here an older version than the database has (VersionError).
    vi.spyOn(indexedDB, 'open').mockImplementationOnce((name: string) => realOpen(name, 1));
    await expect(openDatabase()).rejects.toThrow();

    const db = await openDatabase();
    expect(db.version).toBe(DB_VERSION);
    expect(await db.get('libraryMeta', 'kept')).toEqual({ key: 'kept', value: 2 });
  });
});
