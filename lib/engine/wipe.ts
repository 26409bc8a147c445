import type { WxtBrowser as Browser } from 'wxt/browser';
import { closeDatabase, DB_NAME } from '../db';

/**
 * Someone may take the phone. One step removes everything Vantage keeps: the database
 * (measurements, runs, outages, library, outbox), every storage.local key (settings, status),
 * storage.session (what a page handed to the next, e.g. the saved copy the reader is to open)
 * and scheduled alarms. Proven by tests/e2e (nothing remains afterwards).
 */
export async function wipeEverything(browser: Browser): Promise<void> {
  await closeDatabase();
  // Every database of this extension, not only DB_NAME: a store added later by another part
  // (a search index, a cache) must not survive a wipe because nobody remembered to list it here.
  const names = new Set<string>([DB_NAME]);
  if (typeof indexedDB.databases === 'function') {
    for (const db of await indexedDB.databases()) if (db.name) names.add(db.name);
  }
  for (const name of names) await deleteDatabase(name);
  await browser.storage.local.clear();
  await browser.storage.session.clear();
  await browser.alarms.clearAll();
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error(`could not delete the database ${name}`));
    // Another page still has it open: it is deleted as soon as that page lets go.
    request.onblocked = () => resolve();
  });
}
