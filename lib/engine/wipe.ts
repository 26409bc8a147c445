import type { WxtBrowser as Browser } from 'wxt/browser';
import { closeDatabase, DB_NAME } from '../db';

/**
 * Someone may take the phone. One step removes everything Vantage keeps: the database
 * (measurements, runs, outages, library, outbox), every storage.local key (settings, status)
 * and scheduled alarms. Proven by tests/e2e (nothing remains afterwards).
 */
export async function wipeEverything(browser: Browser): Promise<void> {
  await closeDatabase();
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(DB_NAME);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error('could not delete the database'));
    // Another page still has it open: it is deleted as soon as that page lets go.
    request.onblocked = () => resolve();
  });
  await browser.storage.local.clear();
  await browser.alarms.clearAll();
}
