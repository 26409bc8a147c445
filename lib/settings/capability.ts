import type { WxtBrowser as Browser } from 'wxt/browser';
import type { Capability } from '../background';
import { consentChange, checksAtOnce, hasConsented, isConsentRequest } from './consent';
import { exportPreset, importPreset } from './preset-file';
import type { Settings } from './schema';
import { loadSettings, saveSettings, updateSettings } from './index';

export interface SettingsCapabilityDeps {
  /** The router's: every alarm follows the answer before the first check starts. */
  applySettings(settings: Settings): Promise<void>;
  /** The run a new install begins with, started by the user's answer. */
  firstRun(): Promise<{ runId: string }>;
}

/**
 * The first-run answer (issue #12), the settings file, and the first-run page itself: shown at
 * install — and at an update from a version that never asked. Nothing is checked until answered.
 */
export function createSettingsCapability(browser: Browser, deps: SettingsCapabilityDeps): Capability {
  browser.runtime.onInstalled.addListener(async ({ reason }) => {
    if (reason !== 'install' && reason !== 'update') return;
    if (reason === 'update' && hasConsented(await loadSettings())) return;
    void browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') });
  });
  return {
    name: 'settings',
    handlers: {
      consentChoose: async (request) => {
        if (!isConsentRequest(request)) throw new Error(`not a consent answer: ${JSON.stringify(request)}`);
        await deps.applySettings(await saveSettings(consentChange(request, Date.now())));
        if (!checksAtOnce(request.choice)) return {};
        const { runId } = await deps.firstRun();
        return { runId };
      },
      exportSettings: async () => ({ json: exportPreset(await loadSettings()) }),
      importSettings: async ({ json, targets }) => {
        let result: ReturnType<typeof importPreset> | undefined;
        await updateSettings((current) => {
          result = importPreset(json, current, targets);
          return result.ok ? result.settings : undefined;
        });
        return result!;
      },
    },
  };
}
