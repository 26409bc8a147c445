import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../lib/db';
import { LAB_MIRRORS_PATH, startLab, type Lab, type Scenario } from '../lab';
import { axeViolations } from './harness/axe';
import { closeInstallRun, readStore, send } from './harness/extension-api';
import { labPreset, scenarioSiteTargets } from './harness/lab-preset';
import { startLabSession, type LabSession } from './harness/session';

// The popup as a user meets it, in real Chromium, while the lab plays each connection state:
// press "Check now", read the banner, and see which advice cards are offered. Then a blocked
// news site: its own cards and its other addresses (a mirror from a refreshed list).

let session: LabSession;
let lab: Lab;
let options: Page;
const TIMEOUT_MS = 3_000;

const preset = (language: string) =>
  labPreset(scenarioSiteTargets(lab), {
    requestTimeoutMs: TIMEOUT_MS,
    language,
    advice: { mirrorsUrl: `https://api.lab.test${LAB_MIRRORS_PATH}` },
  });

/** Issue #14 item 4: what the first screen held, per state and language (printed after the file). */
const firstScreens: { state: string; language: string; tab: number; connection: number; height: number }[] =
  [];

/**
 * Issue #14 item 4: opened on `site` at the popup's shipped width and Chrome's largest popup
 * height (600 px), in English, Russian and Kazakh, the first screen holds the tab's answer and
 * the connection's state — without scrolling — and every advice card is one closed line.
 */
async function fitsFirstScreen(name: string, state: string, site: string) {
  for (const language of ['en', 'ru', 'kk']) {
    expect((await send(options, 'importSettings', { json: preset(language) })).ok).toBe(true);
    const popup = await session.browser.openPage(`popup.html?site=${encodeURIComponent(site)}`);
    await popup.setViewportSize({ width: 400, height: 600 });
    await expect.poll(() => popup.evaluate(() => document.documentElement.lang)).toBe(language);
    await popup.locator(`[data-testid=connection-banner][data-state="${state}"]`).waitFor();
    await popup
      .locator('[data-testid=tab-answer] :is([data-testid=tab-verdict], [data-testid=tab-checking])')
      .waitFor();
    // Measured once what loads after the first paint is there: the categories, and any mirrors.
    await popup.locator('[data-testid=categories], [data-testid=categories-state]').first().waitFor();
    if (await popup.getByTestId('alternatives').count())
      await popup.locator('[data-testid=mirrors], [data-testid=no-mirrors]').first().waitFor();
    const screen = await popup.evaluate(() => {
      const bottom = (selector: string) => document.querySelector(selector)!.getBoundingClientRect().bottom;
      return {
        tab: bottom('[data-testid=tab-answer]'),
        connection: bottom('[data-testid=connection-banner]'),
        height: Math.ceil(document.body.getBoundingClientRect().height),
        width: document.documentElement.scrollWidth,
        cards: [...document.querySelectorAll<HTMLDetailsElement>('[data-testid=advice-card]')].map((card) => {
          const summary = card.querySelector('summary')!;
          const style = getComputedStyle(summary);
          const line = parseFloat(style.lineHeight) || 1.5 * parseFloat(style.fontSize);
          return {
            open: card.open,
            lines: summary.getBoundingClientRect().height / line,
            text: summary.textContent,
          };
        }),
      };
    });
    firstScreens.push({
      state: name,
      language,
      tab: screen.tab,
      connection: screen.connection,
      height: screen.height,
    });
    const where = `${name} ${language}`;
    expect.soft(screen.tab, where).toBeLessThanOrEqual(600);
    expect.soft(screen.connection, where).toBeLessThanOrEqual(600);
    expect.soft(screen.width, where).toBeLessThanOrEqual(400);
    for (const card of screen.cards) {
      expect(card.open, `${where}: ${card.text}`).toBe(false);
      expect(card.lines, `${where}: ${card.text}`).toBeLessThan(1.5);
    }
    await popup.close();
  }
  expect((await send(options, 'importSettings', { json: preset('en') })).ok).toBe(true);
}

/**
 * Issue #14: what the category area claims. Under a state that speaks for every site, one line
 * (the rows one click away); never a green "all reachable" without every site measured reachable.
 */
/**
 * What the category list claims. Polled: the list repaints from the database after the run closes,
 * a moment after the banner; a stale paint that stays (reads finishing out of order, seen once in a
 * full run before use-engine-state kept only the latest read) fails the poll.
 */
async function categoryClaims(popup: Page) {
  await popup.locator('[data-testid=categories]').first().waitFor({ state: 'attached' });
  return popup.evaluate(() => ({
    stateLine: document.querySelector('[data-testid=categories-state]')?.getAttribute('data-state') ?? null,
    green: [...document.querySelectorAll('.categories .count.ok')].map(
      (el) => el.closest('li')?.getAttribute('data-category') ?? '',
    ),
    openCategories: document.querySelectorAll('.categories details[open]').length,
  }));
}

/** Restart the lab's servers (dropping kept-alive connections), then play the scenario. */
async function play(scenario: Scenario, block?: string) {
  await lab.stop();
  lab = await startLab();
  lab.play(scenario);
  if (block) lab.setPolicy(block, 'tls-reset');
}

async function openPopup(site?: string): Promise<Page> {
  const popup = await session.browser.openPage(
    site ? `popup.html?site=${encodeURIComponent(site)}` : 'popup.html',
  );
  await popup.setViewportSize({ width: 400, height: 800 });
  return popup;
}

/** Press "Check now" as a user would and wait until the banner shows the run's result. */
async function checkNow(popup: Page, expected: string) {
  const runsBefore = (await readStore<RunRecord>(options, 'runs')).length;
  await popup.getByTestId('check-now').click();
  await expect
    .poll(async () => (await readStore<RunRecord>(options, 'runs')).length, { timeout: 5_000 })
    .toBeGreaterThan(runsBefore);
  await popup.getByTestId('check-now').waitFor({ timeout: 45_000 }); // back once the run is closed
  await popup
    .locator(`[data-testid=connection-banner][data-state="${expected}"]`)
    .waitFor({ timeout: 10_000 });
}

const cardIds = (popup: Page, section: string) =>
  popup
    .locator(`[data-testid=${section}] [data-testid=advice-card]`)
    .evaluateAll((cards) => cards.map((card) => card.getAttribute('data-card')));

beforeAll(async () => {
  session = await startLabSession();
  lab = session.lab;
  options = await session.browser.openPage('options.html');
  const imported = await send(options, 'importSettings', { json: preset('en') });
  expect(imported.ok).toBe(true);
  // Let the install-time run (default pack, unreachable here) close before ours.
  await closeInstallRun(options);
});

afterAll(async () => {
  // The report's figures (docs/benchmarks.md): where the first screen's two answers end.
  console.log('popup first screen (px): state language tab-bottom connection-bottom document-height');
  for (const s of firstScreens)
    console.log(`  ${s.state} ${s.language} ${s.tab.toFixed(0)} ${s.connection.toFixed(0)} ${s.height}`);
  await session?.browser.context.setOffline(false).catch(() => undefined);
  await session?.close();
  if (lab && lab !== session?.lab) await lab.stop();
});

describe('advice in the popup, per connection state (real Chromium, censor lab)', () => {
  it('suggests getting ready while the connection is normal', async () => {
    await play('normal');
    const popup = await openPopup();
    await checkNow(popup, 'normal');
    expect(await cardIds(popup, 'connection-advice')).toEqual(['prepare']);
    // A row per site; a category is green only where each of its sites loaded.
    const claims = await categoryClaims(popup);
    expect(claims.stateLine).toBeNull();
    for (const category of claims.green) {
      const badges = popup.locator(`.categories li[data-category="${category}"] li[data-site] .badge`);
      expect(await badges.count(), category).toBeGreaterThan(0);
      for (const text of await badges.allTextContents()) expect(text, category).toMatch(/reachable/i);
    }
    await popup.close();
    await fitsFirstScreen('normal', 'normal', 'https://azattyq.lab.test/');
  });

  it('offers the bundled mirrors of a real news site the lab cannot reach', async () => {
    // azattyq.org resolves nowhere in the lab: the verdict is "down", and the bundled
    // bypass-mirrors list (no refresh yet) still knows its other addresses.
    const popup = await openPopup('https://azattyq.org/');
    await popup.getByRole('button', { name: 'Check this site' }).click();
    await popup.getByTestId('tab-verdict').waitFor({ timeout: 20_000 });
    const mirrors = popup.getByTestId('mirror-link');
    await mirrors.first().waitFor();
    const hrefs = await mirrors.evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs).toContain('https://azattdezrmoqbetpz-hqb2b9hvgpdzh4cc.z02.azurefd.net/');
    expect(hrefs.some((h) => h!.includes('.onion'))).toBe(true);
    await popup.close();
  });

  it('shows a blocked news site its advice and the mirror from the refreshed list', async () => {
    const refreshed = await send(options, 'adviceRefreshMirrors', {});
    expect(refreshed).toMatchObject({ ok: true });
    // Azattyq reset after its ClientHello, as a DPI box does; the rest of the connection is normal.
    await play('normal', 'azattyq.lab.test');

    const popup = await openPopup('https://azattyq.lab.test/');
    await popup.getByRole('button', { name: 'Check this site' }).click();
    await popup.getByTestId('tab-verdict').waitFor({ timeout: 20_000 });
    await popup.locator('[data-testid=tab-verdict] [data-blocking=tls]').waitFor();
    // How, in words (not the code tls/reset-after-hello).
    expect(await popup.getByTestId('tab-verdict').textContent()).toContain('filtering by name, SNI');
    expect(await cardIds(popup, 'site-advice')).toEqual(['tor-browser', 'psiphon', 'vpn']);

    const mirror = popup.locator('[data-testid=mirror-link][data-kind=mirror]');
    await mirror.waitFor();
    expect(await mirror.getAttribute('href')).toBe('https://clean.lab.test/mirror/azattyq.lab.test/');
    expect(await popup.locator('[data-testid=mirror-link][data-kind=onion]').count()).toBe(1);
    const archives = await popup
      .getByTestId('archives')
      .locator('a')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(archives).toEqual([
      'https://web.archive.org/web/https://azattyq.lab.test/',
      'https://archive.ph/newest/https://azattyq.lab.test/',
    ]);

    // Keyboard: Tab to the first card's summary, Enter opens it.
    const first = popup.locator('[data-testid=site-advice] summary').first();
    await first.focus();
    await popup.keyboard.press('Enter');
    expect(await popup.locator('[data-testid=site-advice] details').first().getAttribute('open')).toBe('');
    await expect
      .poll(() => popup.locator('[data-testid=site-advice] details[open]').first().textContent())
      .toContain('gettor@torproject.org');

    // Every card open, then axe over the whole popup.
    await popup.locator('details').evaluateAll((all) => all.forEach((d) => d.setAttribute('open', '')));
    expect(await axeViolations(popup)).toEqual([]);
    await popup.close();
    await fitsFirstScreen('blocked tab', 'normal', 'https://azattyq.lab.test/');
  });

  it('puts the interception warning first for a site with an untrusted certificate', async () => {
    const popup = await openPopup('https://intercept.lab.test/');
    await popup.getByRole('button', { name: 'Check this site' }).click();
    await popup.getByTestId('site-advice').waitFor({ timeout: 20_000 });
    expect(await cardIds(popup, 'site-advice')).toEqual(['interception', 'tor-browser', 'psiphon', 'vpn']);
    await popup.close();
  });

  it('gives the secure-DNS steps for Chrome and Firefox for a name the provider hides', async () => {
    const popup = await openPopup('https://nxdomain.lab.test/');
    await popup.getByRole('button', { name: 'Check this site' }).click();
    await popup.getByTestId('site-advice').waitFor({ timeout: 20_000 });
    expect((await cardIds(popup, 'site-advice'))[0]).toBe('secure-dns');
    const card = popup.locator('[data-card=secure-dns]');
    await card.locator('summary').click();
    await expect.poll(() => card.textContent()).toContain('chrome://settings/security');
    expect(await card.textContent()).toContain('about:preferences#privacy');
    await popup.close();
  });

  it('offers messenger proxies and Briar when messengers are blocked', async () => {
    await play('messenger-block');
    const popup = await openPopup('https://telegram.lab.test/');
    await checkNow(popup, 'selective');
    expect(await cardIds(popup, 'connection-advice')).toEqual([
      'telegram-proxy',
      'signal-proxy',
      'whatsapp-proxy',
      'briar',
    ]);
    await popup.getByRole('button', { name: 'Check this site' }).click();
    await popup.getByTestId('site-advice').waitFor({ timeout: 20_000 });
    // Telegram's own proxy and Briar are shown further down, for the connection: named with a link
    // to them, not shown twice; what is new for this site follows.
    const elsewhere = popup.getByTestId('site-advice-elsewhere').locator('a');
    expect(await elsewhere.evaluateAll((links) => links.map((a) => a.getAttribute('data-card')))).toEqual([
      'telegram-proxy',
      'briar',
    ]);
    expect(await elsewhere.allTextContents()).toEqual([
      'Telegram: connect through a proxy',
      'Briar: messages without the internet',
    ]);
    expect(await cardIds(popup, 'site-advice')).toEqual(['tor-browser', 'psiphon', 'vpn']);
    const proxyBelow = popup.locator('[data-testid=connection-advice] [data-card=telegram-proxy]');
    expect(await proxyBelow.getAttribute('open')).toBeNull();
    await elsewhere.first().click();
    expect(await proxyBelow.getAttribute('open')).toBe('');
    expect(await popup.evaluate(() => document.activeElement?.textContent)).toBe(
      'Telegram: connect through a proxy',
    );
    expect(await axeViolations(popup)).toEqual([]);
    // The blocked category is one line too, its count saying it: its sites are one click away.
    expect(await categoryClaims(popup)).toMatchObject({ stateLine: null, openCategories: 0 });
    expect(await popup.locator('[data-category=messengers] .count.bad').textContent()).toBe('3 of 3 blocked');
    await popup.close();
    await fitsFirstScreen('messenger block', 'selective', 'https://telegram.lab.test/');

    // A tab whose page failed: the background's diagnosis is its answer.
    const failed = 'https://web.whatsapp.lab.test/';
    const tab = await session.browser.context.newPage();
    await tab.goto(failed).catch(() => undefined); // reset after the ClientHello
    await expect
      .poll(
        async () =>
          (await readStore<RunRecord>(options, 'runs')).some(
            (r) => r.trigger === 'navigation-error' && r.status === 'done',
          ),
        { timeout: 20_000 },
      )
      .toBe(true);
    await tab.close();
    await fitsFirstScreen('failed tab', 'selective', failed);
  });

  it('explains the whitelist and recommends no VPN or Tor', async () => {
    await play('whitelist');
    const popup = await openPopup();
    await checkNow(popup, 'whitelist');
    expect(await cardIds(popup, 'connection-advice')).toEqual(['whitelist', 'offline-library', 'briar']);
    // The allowed domestic sites did load: the one category that may be green, and is.
    await expect
      .poll(() => categoryClaims(popup))
      .toEqual({
        stateLine: 'whitelist',
        green: ['control-domestic'],
        openCategories: 0,
      });
    await popup.close();
    await fitsFirstScreen('whitelist', 'whitelist', 'https://azattyq.lab.test/');
  });

  it('offers the offline library, a friend’s pack, SMS/radio and Briar during a shutdown', async () => {
    await play('shutdown');
    const popup = await openPopup();
    await checkNow(popup, 'shutdown');
    expect(await cardIds(popup, 'connection-advice')).toEqual([
      'offline-library',
      'offline-pack',
      'sms-radio',
      'briar',
    ]);
    await expect
      .poll(() => categoryClaims(popup))
      .toEqual({ stateLine: 'shutdown', green: [], openCategories: 0 });
    await popup.close();
    await fitsFirstScreen('shutdown', 'shutdown', 'https://azattyq.lab.test/');
  });

  it('tells the user to log in first behind a captive portal', async () => {
    await play('captive');
    const popup = await openPopup();
    await checkNow(popup, 'captive-portal');
    expect(await cardIds(popup, 'connection-advice')).toEqual(['captive-login']);
    await expect
      .poll(() => categoryClaims(popup))
      .toEqual({
        stateLine: 'captive-portal',
        green: [],
        openCategories: 0,
      });
    await popup.close();
    await fitsFirstScreen('captive portal', 'captive-portal', 'https://azattyq.lab.test/');
  });

  it('explains throttling when every site trickles', async () => {
    await play('throttled');
    const popup = await openPopup();
    await checkNow(popup, 'throttled');
    expect(await cardIds(popup, 'connection-advice')).toEqual(['throttled', 'offline-library']);
    // Slow is not proof of reachable: no category is green, each row says what was measured.
    expect(await categoryClaims(popup)).toMatchObject({ stateLine: null, green: [] });
    await popup.close();
  });

  it('says the device itself is offline when it has no network', async () => {
    await play('normal');
    const popup = await openPopup();
    await session.browser.context.setOffline(true);
    try {
      await checkNow(popup, 'offline');
      // Measured while still offline: back online, the background may check again.
      await fitsFirstScreen('offline', 'offline', 'https://azattyq.lab.test/');
    } finally {
      await session.browser.context.setOffline(false);
    }
    expect(await cardIds(popup, 'connection-advice')).toEqual(['offline-device']);
    await expect
      .poll(() => categoryClaims(popup))
      .toEqual({ stateLine: 'offline', green: [], openCategories: 0 });
    await popup.close();
  });

  it('says the check could not tell, not "not checked yet", when resolvers answer but no site does', async () => {
    await play('normal');
    for (const target of scenarioSiteTargets(lab)) lab.setPolicy(new URL(target.url).hostname, 'reset');
    const popup = await openPopup();
    await checkNow(popup, 'unknown');
    const banner = popup.getByTestId('connection-banner');
    expect(await banner.textContent()).toContain('The check could not tell');
    expect(await banner.textContent()).not.toContain('Not checked yet');
    expect(await categoryClaims(popup)).toMatchObject({ stateLine: null, green: [] });
    await popup.close();
  });

  it('shows, site by site, what the running check has not reached yet, and cancels it', async () => {
    // Every site blackholed: each waits for the timeout, so the run is slow enough to watch.
    await play('shutdown');
    const popup = await openPopup();
    await popup.getByTestId('connection-banner').waitFor();
    expect(await popup.locator('[data-pending]').count()).toBe(0);

    await popup.getByTestId('check-now').click();
    const progress = popup.getByTestId('run-progress');
    await progress.waitFor();
    expect(await progress.textContent()).toMatch(/Checking \d+ of \d+/);
    await popup.locator('[data-testid=categories]').waitFor();
    const sites = await popup.locator('[data-site]').count();
    expect(sites).toBe(scenarioSiteTargets(lab).length);
    await expect.poll(() => popup.locator('[data-pending]').count()).toBe(sites);
    await popup.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    expect(await popup.locator('[data-pending]').first().textContent()).toContain('checking now…');

    await progress.getByRole('button', { name: 'Stop' }).click();
    await popup.getByTestId('check-now').waitFor({ timeout: 10_000 });
    expect(await popup.locator('[data-pending]').count()).toBe(0);
    const runs = await readStore<RunRecord>(options, 'runs');
    expect(runs.sort((a, b) => b.startedAt - a.startedAt)[0]!.status).toBe('cancelled');
    await popup.close();
  });
});
