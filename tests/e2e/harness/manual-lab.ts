import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hostByName, type Lab } from '../../lab';
import { firefoxPrefs, guardPac, userJs } from './firefox-prefs';
import { assertLoopbackOnly, CHROMIUM_QUIET_FLAGS } from './flags';
import { labPreset, SCENARIO_TARGETS, scenarioSiteTargets } from './lab-preset';

export interface ManualLab {
  chromium: {
    /** HOME whose NSS database trusts the lab CA (Debian's Chromium reads ~/.pki/nssdb). */
    home: string;
    profile: string;
    /** Every switch but `--user-data-dir`, for the extension folder given. */
    args(extensionDir: string): string[];
  };
  /** A profile that trusts the lab CA, resolves only through the lab's DoH, sends no literal out. */
  firefox: { profile: string };
  /** A Vantage settings file: the lab's sites, resolvers, API and collector. */
  settingsPath: string;
}

/**
 * What `npm run lab` prepares for a person trying Vantage by hand (scripts/lab.ts): the same
 * confinement the tests use, written to `dir` (emptied first).
 */
export function prepareManualLab(lab: Lab, dir: string): ManualLab {
  assertLoopbackOnly(lab.resolverRules);
  rmSync(dir, { recursive: true, force: true });
  const home = resolve(dir, 'chromium-home');
  const profile = resolve(dir, 'chromium-profile');
  const firefoxProfile = resolve(dir, 'firefox-profile');
  for (const folder of [home, profile, firefoxProfile]) mkdirSync(folder, { recursive: true });
  lab.prepareNssHome(home);
  lab.prepareFirefoxProfileCerts(firefoxProfile);
  // Nothing listens on port 9: an address literal outside loopback fails instead of leaving.
  const pacPath = resolve(firefoxProfile, 'loopback-only.pac');
  writeFileSync(pacPath, guardPac('127.0.0.1:9'));
  const doh = hostByName(lab.hosts, 'doh1.lab.test');
  writeFileSync(
    resolve(firefoxProfile, 'user.js'),
    userJs(firefoxPrefs('https://doh1.lab.test/dns-query', doh.ip, pathToFileURL(pacPath).href)),
  );
  // A settings file only suggests the API and collector: the options page asks before using them.
  const settingsPath = resolve(dir, 'vantage-lab-settings.json');
  writeFileSync(settingsPath, labPreset([...scenarioSiteTargets(lab), ...SCENARIO_TARGETS]));
  return {
    chromium: {
      home,
      profile,
      args: (extensionDir) => [
        `--host-resolver-rules=${lab.resolverRules}`,
        ...CHROMIUM_QUIET_FLAGS,
        `--disable-extensions-except=${extensionDir}`,
        `--load-extension=${extensionDir}`,
      ],
    },
    firefox: { profile: firefoxProfile },
    settingsPath,
  };
}
