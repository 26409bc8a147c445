import type { WxtBrowser as Browser } from 'wxt/browser';
import type { Capability } from '../background';
import { scheduledCheckMinutes } from '../settings';
import { createEngine, type Engine, type EngineHooks } from './engine';
import { createSiteDiagnosis, diagnoseFailedNavigations } from './navigation-diagnosis';
import { ALARM_NAME } from './triggers';

/** Checks: the user's "Check now", the scheduled check, a page's diagnosis, failed navigations. */
export function createEngineCapability(
  browser: Browser,
  kind: 'chromium' | 'firefox',
  hooks: EngineHooks,
): Capability & { engine: Engine; diagnoseSite(url: string): Promise<void> } {
  const engine = createEngine(browser, kind, hooks);
  // One diagnosis (switch, once a minute per site) for a page that failed and one still loading.
  const diagnoseSite = createSiteDiagnosis((url) => engine.checkUrl(url, 'navigation-error'));
  diagnoseFailedNavigations(browser, diagnoseSite);
  return {
    name: 'engine',
    engine,
    diagnoseSite,
    handlers: {
      cancelRun: () => ({ cancelled: engine.cancel() }),
    },
    networkHandlers: {
      checkNow: () => engine.checkNow('manual'),
      checkUrl: async ({ url }) => {
        const measurement = await engine.checkUrl(url, 'tab');
        return measurement ? { measurement } : { reason: 'not-a-website' as const };
      },
    },
    alarms: [
      {
        name: ALARM_NAME,
        periodMinutes: scheduledCheckMinutes,
        run() {
          // Offline: a run would only say "offline" for every target. Wait for the next alarm.
          if (!navigator.onLine) return;
          void engine.checkNow('alarm').then(() => engine.prune());
        },
      },
    ],
    // A run the previous worker did not finish is resumed or closed, never left "running".
    onStart: () => engine.recover(),
    // Wait for a cancelled run to stop writing, or it would write back after the wipe.
    halt: () => engine.halt(),
  };
}
