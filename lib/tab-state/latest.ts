import type { Database, MeasurementRecord } from '../db';
import { activeTargets, targetForUrl } from '../engine';
import type { Settings } from '../settings';

/**
 * The newest measurement of the site a page belongs to — from a run, a "Check this site" or the
 * background's diagnosis of a failed or slow page — found the way a check of it would file it
 * (lib/engine/targets.ts targetForUrl), with one index lookup. Undefined for a local, private or
 * onion page (never checked) and for a site never measured.
 */
export async function latestForPage(
  db: Database,
  url: string,
  settings: Settings,
): Promise<MeasurementRecord | undefined> {
  const target = targetForUrl(url, activeTargets(settings));
  if (!target) return undefined;
  const range = IDBKeyRange.bound([target.id, -Infinity], [target.id, Infinity]);
  const cursor = await db.transaction('measurements').store.index('byTarget').openCursor(range, 'prev');
  return cursor?.value;
}
