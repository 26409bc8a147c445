import { useEffect, useState } from 'preact/hooks';
import type { MeasurementRecord, RunRecord } from '../lib/db';
import { openDatabase } from '../lib/db';
import { diagnosingSites, isDiagnosing } from '../lib/engine';
import { latestForPage } from '../lib/tab-state';
import { pageSettings } from './page-settings';

/**
 * The open tab's site as the device already knows it: its newest measurement (a run's, a check's
 * or the background's diagnosis of a failed or slow page) and whether a diagnosis is running now.
 * Read from the database and storage.session only — opening the popup asks no one anything.
 */
export function useTabState(url: string | undefined): {
  latest: MeasurementRecord | undefined;
  /** What started the check that measured it ('navigation-error': the page failed or was slow). */
  trigger: RunRecord['trigger'] | undefined;
  diagnosing: boolean;
  reload(): void;
} {
  const [latest, setLatest] = useState<{ measurement: MeasurementRecord; trigger?: RunRecord['trigger'] }>();
  const [diagnosing, setDiagnosing] = useState(false);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (!url) return;
    let alive = true;
    void (async () => {
      const [settings, db] = await Promise.all([pageSettings(), openDatabase()]);
      const found = await latestForPage(db, url, settings);
      const run = found && (await db.get('runs', found.runId));
      if (alive) setLatest(found && { measurement: found, trigger: run?.trigger });
    })();
    return () => {
      alive = false;
    };
  }, [url, generation]);

  useEffect(() => {
    if (!url) return;
    const follow = (sites: Record<string, number> | null) => {
      const now = isDiagnosing(sites ?? {}, url, Date.now());
      setDiagnosing((was) => {
        // The diagnosis just ended: its measurement is in the database now.
        if (was && !now) setGeneration((g) => g + 1);
        return now;
      });
    };
    const unwatch = diagnosingSites.watch(follow);
    void diagnosingSites.getValue().then(follow);
    return unwatch;
  }, [url]);

  return {
    latest: latest?.measurement,
    trigger: latest?.trigger,
    diagnosing,
    reload: () => setGeneration((g) => g + 1),
  };
}
