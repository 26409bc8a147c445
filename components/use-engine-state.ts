import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { summarizeCategories, type CategorySummary } from '../lib/connectivity';
import { openDatabase } from '../lib/db';
import { dailyTimeline, type TimelineRow } from '../lib/history';
import { activeTargets, engineStatus, STATUS_KEY, type EngineStatus } from '../lib/engine';
import { latestPerTarget } from '../lib/run';
import { loadSettings } from '../lib/settings';
import { pageSettings } from './page-settings';

/**
 * The popup's data: the small status summary first (storage only: paints at once, no network),
 * then the per-category view from the database; both refresh while a run progresses.
 */
export function readEngineStatus(): Promise<EngineStatus> {
  return engineStatus.getValue();
}

export function useEngineState(initial?: EngineStatus): {
  status?: EngineStatus;
  categories: CategorySummary[];
  recent: Map<string, TimelineRow>;
} {
  const [status, setStatus] = useState<EngineStatus | undefined>(initial);
  const [categories, setCategories] = useState<CategorySummary[]>([]);
  const [recent, setRecent] = useState<Map<string, TimelineRow>>(new Map());

  useEffect(() => {
    // Reads overlap while a run writes (one per progress change) and may finish out of order: only
    // the latest one started may paint, or an older read could leave the previous run's answer on
    // screen after the run closed (seen under load: a shutdown's categories painted from before it).
    // Unmounting ends every read's turn too.
    let turn = 0;
    const loadStatus = async (mine: number) => {
      const stored = await readEngineStatus();
      if (mine === turn) setStatus(stored);
    };
    // The first read uses the page's settings; after a run they are read again (sites may change).
    let settingsNow = pageSettings;
    const loadCategories = async (mine: number) => {
      const [settings, db] = await Promise.all([settingsNow(), openDatabase()]);
      settingsNow = loadSettings;
      const summaries = summarizeCategories(activeTargets(settings), await latestPerTarget(db));
      if (mine !== turn) return;
      setCategories(summaries);
      // The last week per site, for the sparklines; read after the summary has painted.
      const now = Date.now();
      const week = await db.getAllFromIndex(
        'measurements',
        'byTime',
        IDBKeyRange.lowerBound(now - 7 * 86_400_000),
      );
      const rows = dailyTimeline(week, (m) => m.targetId, 7, now);
      if (mine === turn) setRecent(new Map(rows.map((row) => [row.key, row])));
    };
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area !== 'local' || !(STATUS_KEY in changes)) return;
      void loadStatus(++turn);
      void loadCategories(turn);
    };
    browser.storage.onChanged.addListener(onChanged);
    // Subscribed first, then read — even when the page read the status before rendering: a run
    // may have written it between that read and this subscription, a change otherwise missed.
    void loadStatus(++turn).then(() => loadCategories(turn));
    return () => {
      turn = -1;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, []);

  return { status, categories, recent };
}
