import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLab, type Lab, type LabOptions } from '../../lab';
import type { ConsentRequest } from '../../../lib/settings';
import { launchChromium, type ChromiumSession } from './chromium';

export interface LabSession {
  lab: Lab;
  browser: ChromiumSession;
  /** The HOME whose NSS database trusts the lab CA (for relaunching a browser in this session). */
  home: string;
  close(): Promise<void>;
}

/** The lab plus a Chromium that trusts the lab CA and resolves names only through the lab. */
export async function startLabSession(
  options: {
    lab?: LabOptions;
    headless?: boolean;
    userDataDir?: string;
    uiLanguage?: string;
    /** The first-run answer; `false` leaves it unanswered (see launchChromium). */
    consent?: ConsentRequest | false;
    extraArgs?: string[];
  } = {},
): Promise<LabSession> {
  const lab = await startLab(options.lab);
  const home = mkdtempSync(join(tmpdir(), 'vantage-home-'));
  try {
    lab.prepareNssHome(home);
    const browser = await launchChromium({
      resolverRules: lab.resolverRules,
      home,
      headless: options.headless,
      userDataDir: options.userDataDir,
      uiLanguage: options.uiLanguage,
      consent: options.consent,
      extraArgs: options.extraArgs,
    });
    return {
      lab,
      browser,
      home,
      async close() {
        await browser.close();
        await lab.stop();
        rmSync(home, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await lab.stop();
    rmSync(home, { recursive: true, force: true });
    throw error;
  }
}
