import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createAdviceCapability } from '../lib/advice/capability';
import { startBackground } from '../lib/background';
import { createContributionCapability } from '../lib/contribute/capability';
import { createDataBundleCapability } from '../lib/data-bundle/capability';
import { createEngineCapability } from '../lib/engine/capability';
import { createLibraryCapability } from '../lib/library/capability';
import { createSettingsCapability } from '../lib/settings/capability';
import { createTabStateCapability } from '../lib/tab-state/capability';

// The list of capabilities and their one router (lib/background): every decision lives in lib/.
// Created synchronously, so a worker woken by an event finds its listeners (MV3 workers start
// and stop at will). To add a capability: export a Capability from lib/<it>/ and list it here.
export default defineBackground(() => {
  const kind = import.meta.env.FIREFOX ? 'firefox' : 'chromium';
  const version = browser.runtime.getManifest().version;
  const contribution = createContributionCapability(browser, version);
  const library = createLibraryCapability(browser, kind);
  const engine = createEngineCapability(browser, kind, {
    onRunClosed: (runId) => {
      void contribution.contributor.onRunClosed(runId);
      tabState.repaint();
    },
    onTransition: library.onTransition,
  });
  const tabState = createTabStateCapability(browser, engine);
  const settings = createSettingsCapability(browser, {
    applySettings: (changed) => background.applySettings(changed),
    firstRun: () => engine.engine.checkNow('install'),
  });
  // Listed in the order a wipe halts them: the engine's run first, then the library's refresh.
  const background = startBackground(
    browser,
    [
      engine,
      library,
      contribution,
      createAdviceCapability(browser),
      createDataBundleCapability(browser),
      tabState,
      settings,
    ],
    version,
  );
});
