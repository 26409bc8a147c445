import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { VantageDB } from './schema';

type UpgradeTx = IDBPTransaction<VantageDB, StoreNames<VantageDB>[], 'versionchange'>;

/**
 * Versioned upgrade steps, applied in order from the stored version to DB_VERSION.
 * Steps only add (stores, indexes) or transform in place: a user's measurements from a
 * shutdown are evidence and must survive every upgrade.
 */
export const MIGRATIONS: Record<number, (db: IDBPDatabase<VantageDB>, tx: UpgradeTx) => void> = {
  // v1 (0.1.0): measurements and runs.
  1: (db) => {
    db.createObjectStore('measurements', { keyPath: 'id' });
    db.createObjectStore('runs', { keyPath: 'id' });
  },
  // v2: indexes for history views, and the outage log.
  2: (db, tx) => {
    const measurements = tx.objectStore('measurements');
    measurements.createIndex('byTarget', ['targetId', 'time']);
    measurements.createIndex('byRun', 'runId');
    measurements.createIndex('byTime', 'time');
    tx.objectStore('runs').createIndex('byStart', 'startedAt');
    const outages = db.createObjectStore('outages', { keyPath: 'id', autoIncrement: true });
    outages.createIndex('byStart', 'start');
  },
  // v3: the offline library (lib/library).
  3: (db) => {
    db.createObjectStore('sources', { keyPath: 'id' });
    const articles = db.createObjectStore('articles', { keyPath: 'id' });
    articles.createIndex('byUrl', 'canonicalUrl', { unique: true });
    articles.createIndex('bySource', ['sourceId', 'fetchedAt']);
    articles.createIndex('byFetched', 'fetchedAt');
    articles.createIndex('byEviction', ['pinned', 'fetchedAt']);
    const images = db.createObjectStore('images', { keyPath: 'key' });
    images.createIndex('byArticle', 'articleId');
    db.createObjectStore('libraryMeta', { keyPath: 'key' });
  },
  // v4: the contribution outbox (lib/contribute).
  4: (db) => {
    const outbox = db.createObjectStore('outbox', { keyPath: 'id' });
    outbox.createIndex('byStatus', ['status', 'nextAttemptAt']);
    outbox.createIndex('byCreated', 'createdAt');
  },
};

export function runMigrations(
  db: IDBPDatabase<VantageDB>,
  oldVersion: number,
  newVersion: number,
  tx: UpgradeTx,
): void {
  for (let version = oldVersion + 1; version <= newVersion; version++) {
    const step = MIGRATIONS[version];
    if (!step) throw new Error(`no migration to database version ${version}`);
    step(db, tx);
  }
}
