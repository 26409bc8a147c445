import { storage } from 'wxt/utils/storage';

/**
 * The sites (origins) whose diagnosis is in flight, with when it began — so the popup and the
 * toolbar can say "checking…" while a page is still loading or just failed. In storage.session:
 * memory only, gone with the browser and with "Wipe everything".
 */
export const diagnosingSites = storage.defineItem<Record<string, number>>('session:diagnosing', {
  fallback: {},
});

/**
 * A diagnosis is one small run (at most a few request timeouts); one older than this was lost
 * with a stopped worker and must not leave "checking…" on screen for ever.
 */
export const DIAGNOSIS_STALE_MS = 120_000;

/** Is a diagnosis of this page's site in flight? */
export function isDiagnosing(sites: Record<string, number>, url: string, now: number): boolean {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return false;
  }
  const since = sites[origin];
  return since !== undefined && now - since < DIAGNOSIS_STALE_MS;
}
