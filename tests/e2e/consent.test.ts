import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../lib/db';
import { LIBRARY_ALARM } from '../../lib/library';
import type { Settings } from '../../lib/settings';
import { hostByName, startLab, type Lab } from '../lab';
import { axeViolations } from './harness/axe';
import { launchChromium, type ChromiumSession } from './harness/chromium';
import { readStore, send } from './harness/extension-api';
import { launchFirefox, type FirefoxSession } from './harness/firefox';
import { labPreset, type PresetTarget } from './harness/lab-preset';
import { stopServiceWorker } from './harness/worker-cdp';

// Issue #12, "nothing before consent": from install until the user answers the first-run page,
// the extension contacts nothing — no check, no DNS lookup, no alarm waiting to fire, and no
// diagnosis of a page that failed to open. Three witnesses, so nothing can slip between them:
//  - Chromium's own network log (--log-net-log), written from the first instant of the browser:
//    every URL request and every host lookup the browser made, whoever asked for it;
//  - the lab's guard (lab.connections): every connection any lab address accepted;
//  - the extension's state: no run stored, no alarm registered.
//
// The watch lasts a minute in Chromium. A request later would need something to wake the
// extension then: alarms are the only timers that survive an MV3 worker, and there are none
// (checked at the end of the window, after the worker's startup code has run twice: at install
// and again after the test stops the worker and a page wakes it). Events that could come later
// (online, storage changes, a failed page) are gated by the stored answer, read at the moment —
// the test fires the failed-page one itself, inside the window.

const TARGETS: PresetTarget[] = [
  { url: 'https://clean.lab.test/', name: 'clean', category: 'news' },
  // Nothing listens there: a page the user fails to open (and a target, so diagnosis would run).
  { url: 'https://refused.lab.test/', name: 'refused', category: 'news' },
];
/**
 * How long the tests watch for a request that must not come. Chromium: the minute the issue asks
 * for, long enough for an alarm created at install (Chrome's shortest is 30 s) to have fired.
 * Firefox: a shorter look, the same guard.
 */
const WINDOW_MS = 60_000;
const FIREFOX_WINDOW_MS = 5_000;
const ALARM = 'vantage-scheduled-check';

let lab: Lab;
let home: string;
let profile: string;
let netLogPath: string;
let browser: ChromiumSession | undefined;

async function alarms(target: ChromiumSession): Promise<string[]> {
  const worker = await target.currentWorker();
  return worker.evaluate(async () =>
    (
      await (
        globalThis as unknown as { chrome: { alarms: { getAll(): Promise<{ name: string }[]> } } }
      ).chrome.alarms.getAll()
    ).map((alarm) => alarm.name),
  );
}

async function storedSettings(page: Page): Promise<Settings> {
  return page.evaluate(
    async () =>
      (
        await (
          globalThis as unknown as {
            chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } };
          }
        ).chrome.storage.local.get('settings')
      ).settings as Settings,
  );
}

interface LoggedRequest {
  url: string;
  /** The requesting origin: the extension's own (chrome-extension://id), a page's, or 'not an origin'. */
  initiator: string;
}

/** Every URL request the browser started, with who asked, from Chromium's network log. */
function loggedRequests(path: string): LoggedRequest[] {
  const log = JSON.parse(readFileSync(path, 'utf8')) as {
    constants: { logEventTypes: Record<string, number> };
    events: { type: number; params?: { url?: unknown; initiator?: unknown } }[];
  };
  const startJob = log.constants.logEventTypes.URL_REQUEST_START_JOB;
  return log.events
    .filter((event) => event.type === startJob && typeof event.params?.url === 'string')
    .map(({ params }) => ({ url: String(params!.url), initiator: String(params!.initiator ?? '') }));
}

/**
 * Chromium's own background requests that the quiet flags do not stop (the extension updater's
 * check and the account list, both with no initiator): the resolver rules end them at
 * ~NOTFOUND inside the browser. They are not Vantage's and would happen without it.
 */
const BROWSER_OWN = /^https?:\/\/(update\.googleapis\.com|accounts\.google\.com)\//;

/** The runs stored, without creating the database by looking (indexedDB.open would create it). */
async function storedRuns(page: Page): Promise<RunRecord[]> {
  const names = await page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name));
  return names.includes('vantage') ? readStore<RunRecord>(page, 'runs') : [];
}

beforeAll(async () => {
  lab = await startLab();
  home = mkdtempSync(join(tmpdir(), 'vantage-home-'));
  lab.prepareNssHome(home);
  profile = mkdtempSync(join(tmpdir(), 'vantage-consent-'));
  netLogPath = join(profile, '..', `${profile.split('/').pop()}-netlog.json`);
});

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
  if (process.env.KEEP_NETLOG) console.log('netlog kept', netLogPath);
  const logs = process.env.KEEP_NETLOG ? [] : [netLogPath, `${netLogPath}.after`];
  for (const path of [home, profile, ...logs]) if (path) rmSync(path, { recursive: true, force: true });
});

describe('a fresh install, before the first-run page is answered', () => {
  let requests: LoggedRequest[] = [];
  let extensionOrigin = '';
  let runs: RunRecord[] = [];
  let alarmsAtEnd: string[] = [];
  let refusedCheck = '';
  let popupPrompt = false;
  let consentAfterPreset: Settings['consent'] | undefined;

  beforeAll(async () => {
    browser = await launchChromium({
      resolverRules: lab.resolverRules,
      home,
      userDataDir: profile,
      consent: false,
      extraArgs: [`--log-net-log=${netLogPath}`, '--net-log-capture-mode=Default'],
    });
    const welcome = browser.firstRun;
    if (!welcome) throw new Error('the first-run page did not open on install');
    await welcome.waitForLoadState();
    // A settings file pointing every endpoint at the lab: had anything been checked, the lab's
    // guard would see it. Importing contacts nothing and cannot answer the question for the user.
    const imported = await send(welcome, 'importSettings', {
      json: labPreset(TARGETS, { scheduleMinutes: 30 }),
    });
    if (!imported.ok) throw new Error(imported.reason);
    consentAfterPreset = (await storedSettings(welcome)).consent;
    refusedCheck = await send(welcome, 'checkNow', {}).then(
      () => 'started',
      (error: unknown) => String(error),
    );

    const windowEnds = Date.now() + WINDOW_MS;
    // A page the user fails to open: diagnosis is off until chosen.
    const tab = await browser.context.newPage();
    await tab.goto('https://refused.lab.test/').catch(() => undefined);
    // The worker stops (as Chrome idles it out) and a page wakes it: its startup code runs again.
    await stopServiceWorker(browser, welcome);
    const popup = await browser.openPage('popup.html');
    await send(popup, 'ping', { sentAt: Date.now() });
    popupPrompt = await popup
      .getByTestId('consent-prompt')
      .waitFor({ timeout: 5_000 })
      .then(() => true);
    // Watch: nothing may reach the lab while the window lasts.
    while (Date.now() < windowEnds && lab.connections.length === 0) await popup.waitForTimeout(200);
    runs = await storedRuns(popup);
    extensionOrigin = `chrome-extension://${browser.extensionId}`;
    alarmsAtEnd = await alarms(browser);
    await browser.close();
    browser = undefined;
    requests = loggedRequests(netLogPath);
  }, 150_000);

  it('opens the first-run page, shows the popup only a prompt, and refuses "Check now"', () => {
    expect(popupPrompt).toBe(true);
    expect(refusedCheck).toMatch(/no-consent/);
  });

  it('keeps "not asked yet" when a settings file is imported (a preset cannot consent)', () => {
    expect(consentAfterPreset).toEqual({ choice: 'none', at: 0 });
  });

  it('contacts nothing: no request from the extension, none at the lab', () => {
    expect(requests.filter((r) => r.initiator.startsWith(extensionOrigin))).toEqual([]);
    // Whoever asked: only the test's own navigation of the tab and the browser's own checks.
    expect(requests.filter((r) => r.url !== 'https://refused.lab.test/' && !BROWSER_OWN.test(r.url))).toEqual(
      [],
    );
    expect(lab.connections).toEqual([]);
  });

  it('starts no run (not even a diagnosis of the failed page) and leaves no alarm to fire later', () => {
    expect(runs).toEqual([]);
    expect(alarmsAtEnd).toEqual([]);
  });
});

describe('answering the first-run page', () => {
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium({
      resolverRules: lab.resolverRules,
      home,
      userDataDir: profile,
      consent: false,
      extraArgs: [`--log-net-log=${netLogPath}.after`, '--net-log-capture-mode=Default'],
    });
    page = await browser.openPage('welcome.html');
    await page.locator('#consent-save').waitFor();
  }, 30_000);

  it('is accessible, and says what would be contacted, read from the settings in force', async () => {
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.getByTestId('consent-sites').textContent()).toContain('2');
    expect(await page.getByTestId('consent-resolvers').textContent()).toContain(
      'doh1.lab.test, doh2.lab.test',
    );
    expect(await page.getByTestId('consent-connectivity').textContent()).toContain('captive.lab.test');
  });

  it('asks for an answer rather than assuming one', async () => {
    await page.locator('#consent-save').click();
    await page.getByTestId('consent-problem').waitFor();
    expect((await storedSettings(page)).consent.choice).toBe('none');
  });

  it('"check now" runs a check at once, and the lab sees it; no schedule is set', async () => {
    const before = lab.connections.length;
    await page.locator('label[for=consent-now]').click();
    await page.locator('#consent-save').click();
    await expect.poll(() => page.getByTestId('consent-done').textContent()).toMatch(/checking now/);
    await expect
      .poll(async () => (await readStore<RunRecord>(page, 'runs')).map((r) => [r.trigger, r.status]), {
        timeout: 30_000,
      })
      .toEqual([['install', 'done']]);
    expect(lab.connections.length).toBeGreaterThan(before);
    const settings = await storedSettings(page);
    expect(settings.consent.choice).toBe('now');
    expect(settings.diagnoseFailedPages).toBe(false);
    // Nothing on Vantage's own clock either: no check, library or mirror-list refresh alarm.
    expect(await alarms(browser!)).toEqual([]);
  });

  it('the options page shows the answer and changes it: "on a schedule" sets the alarms', async () => {
    const options = await browser!.openPage('options.html');
    const choice = options.getByTestId('consent-choice');
    await choice.waitFor();
    expect(await options.locator('#consent-choice-manual').isChecked()).toBe(true);
    await options.locator('#consent-choice-schedule').check();
    // The check's alarm and the library's refresh (its sources are fetched on their own clock).
    await expect.poll(async () => (await alarms(browser!)).sort()).toEqual([ALARM, LIBRARY_ALARM].sort());
    expect((await storedSettings(options)).consent.choice).toBe('schedule');
    await options.locator('#consent-choice-manual').check();
    await expect.poll(() => alarms(browser!)).toEqual([]);
  });

  it('diagnoses a page that failed to open only once its own switch is on', async () => {
    const options = await browser!.openPage('options.html');
    const tab = await browser!.context.newPage();
    // Switch off (the first-run answer left it off): this failure is not diagnosed.
    await tab.goto('https://refused.lab.test/').catch(() => undefined);
    const switchedOnAt = Date.now();
    await options.locator('#diagnose-failed-pages').check();
    await expect.poll(async () => (await storedSettings(options)).diagnoseFailedPages).toBe(true);
    await tab.goto('https://refused.lab.test/').catch(() => undefined);
    // Had the first failure been diagnosed, this one would be skipped (one diagnosis per site a
    // minute) and the only diagnosis would predate the switch.
    const diagnoses = async () =>
      (await readStore<RunRecord>(options, 'runs')).filter((r) => r.trigger === 'navigation-error');
    await expect.poll(async () => (await diagnoses()).length, { timeout: 20_000 }).toBe(1);
    expect((await diagnoses())[0]!.startedAt).toBeGreaterThanOrEqual(switchedOnAt);
    // Not awaited: a tab on Chromium's own error page has kept page.close() waiting for minutes on
    // a loaded machine (a CI run timed out here at 120 s); the context's close takes it.
    void tab.close().catch(() => undefined);
  });

  it("the same network log shows the extension's requests once allowed (the witness can see them)", async () => {
    const extensionOrigin = `chrome-extension://${browser!.extensionId}`;
    await browser!.close();
    browser = undefined;
    const fromExtension = loggedRequests(`${netLogPath}.after`)
      .filter((r) => r.initiator.startsWith(extensionOrigin))
      .map((r) => r.url);
    expect(fromExtension).toEqual(
      expect.arrayContaining(['https://clean.lab.test/', 'http://captive.lab.test/generate_204']),
    );
  });
});

describe('a fresh install in Firefox, before and after the first-run answer', () => {
  let firefox: FirefoxSession;
  let welcome: string;
  /** Names resolve only through the lab's DoH server (Firefox's TRR), so every lookup reaches it too. */
  let trrAddress: string;
  let fromLaunch: number;

  beforeAll(async () => {
    trrAddress = hostByName(lab.hosts, 'doh1.lab.test').ip;
    fromLaunch = lab.connections.length;
    firefox = await launchFirefox({ lab, consent: false });
    if (!firefox.firstRun) throw new Error('the first-run page did not open on install');
    welcome = firefox.firstRun;
  }, 60_000);
  afterAll(() => firefox?.close());

  const inWelcome = <T>(body: string) => firefox.evaluate<T>(welcome, `(async () => { ${body} })()`);
  const since = (start: number) => lab.connections.slice(start);

  it('contacts nothing: no connection at the lab (beyond Firefox resolving), none at the guard, no run, no alarm', async () => {
    const reply = await inWelcome<{ ok: boolean }>(
      `return browser.runtime.sendMessage({ vantage: 1, type: 'importSettings',
         data: { json: ${JSON.stringify(labPreset(TARGETS, { scheduleMinutes: 30 }))} } });`,
    );
    expect(reply.ok).toBe(true);
    const refused = await inWelcome<{ ok: boolean; detail?: string }>(
      `return browser.runtime.sendMessage({ vantage: 1, type: 'checkNow', data: {} });`,
    );
    expect(refused.detail).toMatch(/no-consent/);
    // Same window and reasoning as in Chromium (top of this file).
    const windowEnds = Date.now() + FIREFOX_WINDOW_MS;
    while (Date.now() < windowEnds && since(fromLaunch).every((c) => c.address === trrAddress))
      await new Promise((r) => setTimeout(r, 200));
    // Any check of the preset's sites would connect to clean.lab.test, doh2.lab.test or
    // captive.lab.test: none did. (A check of the default pack started at install would not reach
    // the lab — its names end NXDOMAIN at the lab's DoH — but would leave its database and the
    // scheduled alarm, checked below.)
    expect(since(fromLaunch).filter((c) => c.address !== trrAddress)).toEqual([]);
    expect(firefox.guarded).toEqual([]);
    const state = await inWelcome<{ databases: string[]; alarms: string[]; consent: string }>(`
      return {
        databases: (await indexedDB.databases()).map((db) => db.name),
        alarms: (await browser.alarms.getAll()).map((a) => a.name),
        consent: (await browser.storage.local.get('settings')).settings.consent.choice,
      };`);
    expect(state).toEqual({ databases: [], alarms: [], consent: 'none' });
  });

  it('"check now" on the first-run page checks at once: the lab sees the sites', async () => {
    const before = lab.connections.length;
    await inWelcome(`
      document.querySelector('label[for=consent-now]').click();
      document.querySelector('#consent-save').click();`);
    const clean = hostByName(lab.hosts, 'clean.lab.test').ip;
    await expect.poll(() => since(before).some((c) => c.address === clean), { timeout: 30_000 }).toBe(true);
    await expect
      .poll(() =>
        inWelcome<string>(`return document.querySelector('[data-testid=consent-done]').textContent;`),
      )
      .toMatch(/checking now/);
  });
});
