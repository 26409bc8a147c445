import { openDB, type IDBPDatabase } from 'idb';
import { runMigrations } from './migrations';
import { DB_NAME, DB_VERSION, type VantageDB } from './schema';

export type { VantageDB, MeasurementRecord, RunRecord, OutageRecord } from './schema';
export type { SourceRecord, ArticleRecord, ImageRecord, StoredPicture } from './library-schema';
export type { OutboxRecord, OoniMeasurement } from './outbox-schema';
export { DB_NAME, DB_VERSION } from './schema';

export type Database = IDBPDatabase<VantageDB>;

let opening: Promise<Database> | undefined;

/**
 * Open (and upgrade) the one Vantage database; every caller shares the connection.
 *
 * A connection the browser closed, or an open that failed, is not kept: when the disk is so full
 * that not even the database's log can grow, Chrome closes every connection of the origin
 * ("The database connection is closing") and refuses to reopen until there is room. Kept, such a
 * connection would fail every later call — the engine's and the library's — until the service
 * worker happened to restart (e2e library-quota.test.ts).
 */
export function openDatabase(name: string = DB_NAME): Promise<Database> {
  if (name !== DB_NAME) return openVantageDB(name);
  if (!opening) {
    const current: Promise<Database> = openVantageDB(name, () => forget(current));
    current.catch(() => forget(current));
    opening = current;
  }
  return opening;
}

function forget(connection: Promise<Database>): void {
  if (opening === connection) opening = undefined;
}

function openVantageDB(name: string, terminated?: () => void): Promise<Database> {
  return openDB<VantageDB>(name, DB_VERSION, {
    upgrade(db, oldVersion, newVersion, tx) {
      runMigrations(db, oldVersion, newVersion ?? DB_VERSION, tx);
    },
    // Another context (an older worker) holds the database open during an upgrade:
    // close ours so the upgrade can proceed, and reopen lazily next time.
    blocking() {
      void opening?.then((db) => db.close());
      opening = undefined;
    },
    // Closed by the browser, not by us (a write error, the data cleared from the browser's settings).
    terminated,
  });
}

/** Forget the shared connection (wipe-everything and tests). */
export async function closeDatabase(): Promise<void> {
  const db = await opening;
  db?.close();
  opening = undefined;
}
