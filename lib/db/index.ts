import { openDB, type IDBPDatabase } from 'idb';
import { runMigrations } from './migrations';
import { DB_NAME, DB_VERSION, type VantageDB } from './schema';

export type { VantageDB, MeasurementRecord, RunRecord, OutageRecord } from './schema';
export type { SourceRecord, ArticleRecord, ImageRecord, LibraryMetaRecord } from './library-schema';
export type { OutboxRecord } from './outbox-schema';
export { DB_NAME, DB_VERSION } from './schema';

export type Database = IDBPDatabase<VantageDB>;

let opening: Promise<Database> | undefined;

/** Open (and upgrade) the one Vantage database; every caller shares the connection. */
export function openDatabase(name: string = DB_NAME): Promise<Database> {
  if (name !== DB_NAME) return openVantageDB(name);
  opening ??= openVantageDB(name);
  return opening;
}

function openVantageDB(name: string): Promise<Database> {
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
  });
}

/** Forget the shared connection (wipe-everything and tests). */
export async function closeDatabase(): Promise<void> {
  const db = await opening;
  db?.close();
  opening = undefined;
}
