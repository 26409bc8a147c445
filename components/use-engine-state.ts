import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { summarizeCategories, type CategorySummary } from '../lib/connectivity/category-summary';
import { openDatabase } from '../lib/db';
import { activeTargets } from '../lib/engine/targets';
import { STATUS_KEY, type EngineStatus } from '../lib/engine/status';
import { latestPerTarget } from '../lib/run/store';
import { loadSettings } from '../lib/settings';

/**
 * The popup's data: the small status summary first (storage only: paints at once, no network),
 * then the per-category view from the database; both refresh while a run progresses.
 */
export function useEngineState(): { status?: EngineStatus; categories: CategorySummary[] } {
  const [status, setStatus] = useState<EngineStatus | undefined>();
  const [categories, setCategories] = useState<CategorySummary[]>([]);

  useEffect(() => {
    let alive = true;
    const loadStatus = async () => {
      const stored = (await browser.storage.local.get(STATUS_KEY))[STATUS_KEY] as EngineStatus | undefined;
      if (alive) setStatus(stored ?? {});
    };
    const loadCategories = async () => {
      const [settings, db] = await Promise.all([loadSettings(), openDatabase()]);
      const summaries = summarizeCategories(activeTargets(settings), await latestPerTarget(db));
      if (alive) setCategories(summaries);
    };
    void loadStatus().then(loadCategories);
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area !== 'local' || !(STATUS_KEY in changes)) return;
      void loadStatus();
      void loadCategories();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      alive = false;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, []);

  return { status, categories };
}
