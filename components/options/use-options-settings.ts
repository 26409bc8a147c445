import { useCallback, useEffect, useState } from 'preact/hooks';
import { loadSettings, onSettingsChanged, saveSettings, type Settings } from '../../lib/settings';

export interface OptionsSettings {
  settings: Settings | undefined;
  /** Bumps on every successful save, so the status region can announce the same words again. */
  savedCount: number;
  save(change: Partial<Settings>): Promise<void>;
}

/**
 * The settings as stored, kept current: a save from this page, an import handled by the
 * background or another open options tab all arrive through storage.onChanged.
 */
export function useOptionsSettings(): OptionsSettings {
  const [settings, setSettings] = useState<Settings | undefined>();
  const [savedCount, setSavedCount] = useState(0);
  useEffect(() => {
    void loadSettings().then(setSettings);
    return onSettingsChanged(setSettings);
  }, []);
  const save = useCallback(async (change: Partial<Settings>) => {
    if (Object.keys(change).length === 0) return;
    setSettings(await saveSettings(change));
    setSavedCount((count) => count + 1);
  }, []);
  return { settings, savedCount, save };
}
