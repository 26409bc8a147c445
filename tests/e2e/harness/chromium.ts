import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import type { ConsentRequest } from '../../../lib/settings';
import { assertLoopbackOnly, CHROMIUM_QUIET_FLAGS } from './flags';

/**
 * The first-run answer the harness gives for a test, as the user would on the first-run page:
 * check now, then on the schedule, with failed-page diagnosis on — Vantage's behaviour before
 * first-run consent existed, which the existing tests were written against (they then import a lab preset).
 */
export const HARNESS_CONSENT: ConsentRequest = { choice: 'schedule', diagnose: true };

/** Answer the first-run page from that page, through the same message its button sends. */
export async function answerFirstRun(page: Page, request: ConsentRequest): Promise<void> {
  const reply = (await page.evaluate(
    (data) =>
      (
        globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
      ).chrome.runtime.sendMessage({ vantage: 1, type: 'consentChoose', data }),
    request,
  )) as { ok: boolean; reason?: string; detail?: string };
  if (!reply.ok) throw new Error(`consentChoose failed: ${reply.reason} ${reply.detail ?? ''}`);
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ChromiumLaunchOptions {
  /** Built extension folder (`wxt build` → .output/chrome-mv3). */
  extensionDir?: string;
  /** The lab's `--host-resolver-rules`; must end with `MAP * ~NOTFOUND`. */
  resolverRules: string;
  /** A HOME whose NSS database trusts the lab CA (lab.prepareNssHome). */
  home: string;
  headless?: boolean;
  /**
   * A profile folder the caller owns (kept on close), so a test can restart the browser on it;
   * on the second launch no first-run tab is awaited (the extension is already installed).
   */
  userDataDir?: string;
  /** The browser's own language (`--lang`), which picks the extension's messages file. */
  uiLanguage?: string;
  /** Popup-sized viewport for screenshots; pages get their own. */
  viewport?: { width: number; height: number };
  /**
   * The first-run answer (default HARNESS_CONSENT). `false`: leave the first-run page open and
   * unanswered (session.firstRun), as a user who has not read it yet.
   */
  consent?: ConsentRequest | false;
  /** More command-line switches (e.g. `--log-net-log=FILE`); never resolver or network switches. */
  extraArgs?: string[];
}

export interface ChromiumSession {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** The first-run page, still open, when launched with `consent: false` on a fresh profile. */
  firstRun?: Page;
  /** Open an extension page (e.g. 'popup.html') in a new tab. */
  openPage(path: string): Promise<Page>;
  /** The current service worker (a new one after the old was stopped). */
  currentWorker(): Promise<Worker>;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with the built extension loaded into a fresh profile. */
export async function launchChromium(options: ChromiumLaunchOptions): Promise<ChromiumSession> {
  assertLoopbackOnly(options.resolverRules);
  const extensionDir = resolve(options.extensionDir ?? '.output/chrome-mv3');
  const kept = options.userDataDir !== undefined;
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'vantage-chromium-'));
  // A profile Chromium has run in before: the extension is installed, no first-run tab comes.
  const reused = existsSync(join(userDataDir, 'Default'));
  const removeProfile = () => {
    if (!kept) rmSync(userDataDir, { recursive: true, force: true });
  };
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: options.headless ?? true,
    ignoreDefaultArgs: ['--disable-extensions'],
    viewport: options.viewport ?? { width: 420, height: 600 },
    env: { ...process.env, HOME: options.home },
    args: [
      ...CHROMIUM_QUIET_FLAGS,
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      `--host-resolver-rules=${options.resolverRules}`,
      ...(options.uiLanguage ? [`--lang=${options.uiLanguage}`] : []),
      ...(options.extraArgs ?? []).filter((arg) => !/resolver|proxy/.test(arg)),
    ],
  });
  try {
    const worker =
      context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    const extensionId = new URL(worker.url()).host;
    // On install the extension opens its first-run page and contacts nothing until it is
    // answered. Answer it as the user would (unless asked not to) and close it. Loaded with
    // --load-extension, the extension is installed afresh at every launch, so a kept profile
    // (its answer stored) gets the page again ~100 ms in: it is closed unanswered, or it takes
    // the foreground from the test's own page (measured, docs/benchmarks.md, "#17, eleventh round").
    const welcome = `chrome-extension://${extensionId}/welcome.html`;
    const isWelcome = (p: Page) => p.url().startsWith(welcome);
    const firstRun =
      context.pages().find(isWelcome) ??
      (await context.waitForEvent('page', { predicate: isWelcome, timeout: 10_000 }).catch(() => undefined));
    const consent = options.consent ?? HARNESS_CONSENT;
    if (firstRun && consent && !reused) {
      await firstRun.waitForLoadState();
      await answerFirstRun(firstRun, consent);
    }
    if (consent) await firstRun?.close();
    return {
      context,
      worker,
      extensionId,
      firstRun: consent ? undefined : firstRun,
      async openPage(path) {
        const page = await context.newPage();
        await page
          .goto(`chrome-extension://${extensionId}/${path.replace(/^\//, '')}`)
          .catch(async (error) => {
            // Relaunched on a kept profile, the extension may open its options page late
            // (runtime.openOptionsPage reuses a tab already showing it): same page, just reloaded.
            if (!/interrupted by another navigation/.test(String(error))) throw error;
            await page.waitForLoadState();
          });
        return page;
      },
      async currentWorker() {
        const live = context
          .serviceWorkers()
          .find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`));
        return live ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
      },
      async close() {
        await context.close().catch(() => undefined);
        removeProfile();
      },
    };
  } catch (error) {
    await context.close().catch(() => undefined);
    removeProfile();
    throw error;
  }
}
