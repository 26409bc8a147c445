import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../lab';
import { CHROMIUM_PATH } from './harness/chromium';
import { prepareManualLab, type ManualLab } from './harness/manual-lab';

// Issue #14 item 7: `npm run lab -- --scenario <name>` prepares a browser for a person to try
// Vantage by hand inside one censor. Here Chromium is started exactly with what the script
// prints (HOME, profile, switches): the extension loads, its first-run page opens, the lab's
// sites load over the lab's https, the scenario's censor is in force, and nothing outside resolves.

let lab: Lab;
let dir: string;
let prepared: ManualLab;
let context: BrowserContext;

beforeAll(async () => {
  lab = await startLab();
  lab.play('messenger-block');
  dir = mkdtempSync(join(tmpdir(), 'vantage-manual-lab-'));
  prepared = prepareManualLab(lab, dir);
  context = await chromium.launchPersistentContext(prepared.chromium.profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    env: { ...process.env, HOME: prepared.chromium.home },
    args: prepared.chromium.args(resolve('.output/chrome-mv3')),
  });
});
afterAll(async () => {
  await context?.close();
  await lab?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm run lab: a browser prepared for trying Vantage by hand', () => {
  it('loads the extension, which opens its first-run page', async () => {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    expect(worker.url()).toMatch(/^chrome-extension:\/\//);
    await expect.poll(() => context.pages().some((p) => p.url().endsWith('/welcome.html'))).toBe(true);
  });

  it("opens the lab's sites over https (the lab's CA is trusted) and plays the censor", async () => {
    const page = await context.newPage();
    const clean = await page.goto('https://clean.lab.test/', { timeout: 15_000 });
    expect(clean?.status()).toBe(200);
    const blocked = await page.goto('https://telegram.lab.test/', { timeout: 15_000 }).then(
      () => 'loaded',
      (error: Error) => error.message,
    );
    expect(blocked).toMatch(/ERR_CONNECTION_RESET|ERR_CONNECTION_CLOSED|ERR_SSL/);
    // A name outside the lab resolves nowhere: the person's browser cannot leave this machine.
    const outside = await page.goto('https://example.com/', { timeout: 15_000 }).then(
      () => 'loaded',
      (error: Error) => error.message,
    );
    expect(outside).toMatch(/ERR_NAME_NOT_RESOLVED/);
    // Not closed here: Chromium has kept a tab left on its error page from closing (context closes it).
  });

  it('writes a Firefox profile that resolves only through the lab and a settings file for Vantage', () => {
    const userJs = readFileSync(join(prepared.firefox.profile, 'user.js'), 'utf8');
    expect(userJs).toContain('user_pref("network.trr.mode", 3);');
    expect(userJs).toContain('"network.trr.uri", "https://doh1.lab.test/dns-query"');
    expect(userJs).toContain('"network.proxy.failover_direct", false');
    const pac = readFileSync(join(prepared.firefox.profile, 'loopback-only.pac'), 'utf8');
    expect(pac).toContain('PROXY 127.0.0.1:9');
    const settings = JSON.parse(readFileSync(prepared.settingsPath, 'utf8')) as {
      format: string;
      settings: { customTargets: { url: string }[]; dohResolvers: string[] };
    };
    expect(settings.format).toBe('vantage-settings');
    expect(settings.settings.customTargets.map((t) => t.url)).toContain('https://telegram.lab.test/');
    expect(settings.settings.dohResolvers.every((url) => new URL(url).hostname.endsWith('.lab.test'))).toBe(
      true,
    );
  });
});
