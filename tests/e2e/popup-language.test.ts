import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Messages } from '../../lib/i18n';
import { axeViolations } from './harness/axe';
import { runAndWait, send } from './harness/extension-api';
import { labPreset, scenarioSiteTargets } from './harness/lab-preset';
import { startLabSession, type LabSession } from './harness/session';

// The popup in the user's language, in a browser whose own language is Kazakh (`--lang=kk`),
// after a check that found the messengers blocked: the language follows the browser unless
// the user picked another, every visible string is translated, and long Kazakh and Russian
// words never push the 400-pixel popup wider (nor in right-to-left layout).

const messages = (language: string) =>
  JSON.parse(readFileSync(`public/_locales/${language}/messages.json`, 'utf8')) as Messages;
const kk = messages('kk');
const ru = messages('ru');
const en = messages('en');
const text = (file: Messages, key: string) => file[key]!.message.replace(/\s*\$\d.*$/, '');

let session: LabSession;
let options: Page;

async function useLanguage(language: string) {
  const imported = await send(options, 'importSettings', {
    json: labPreset(scenarioSiteTargets(session.lab), { requestTimeoutMs: 3_000, language }),
  });
  expect(imported.ok).toBe(true);
}

/** The popup with every category and advice card open: the most text it can show. */
async function openPopup(): Promise<Page> {
  const popup = await session.browser.openPage('popup.html');
  await popup.setViewportSize({ width: 400, height: 800 });
  await popup.locator('[data-testid=connection-banner][data-state=selective]').waitFor();
  await popup.locator('[data-testid=categories]').waitFor();
  await popup.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  return popup;
}

/**
 * Names that stay as they are in every language: products, protocols, organisations, the CSV
 * column `url`, and "captive portal", the term people search help for.
 */
const NAMES = new Set(
  'Vantage OONI Tor Psiphon Snowflake VPN Telegram MTProto SOCKS Signal WhatsApp Briar Android iPhone Bluetooth Wi-Fi F-Droid Chrome Chromium Firefox SNI IP DNS DoH HTTP HTTPS TLS URL CSV OPML API SMS Citizen Lab English url https http captive portal'.split(
    ' ',
  ),
);

/**
 * Latin words a user would read on the page (text, tooltips, labels, placeholders) that are
 * neither a name above nor part of an address, nor inside an element marked lang="en" or
 * translate="no" (sites' names).
 */
function englishOnScreen(page: Page): Promise<string[]> {
  return page.evaluate(
    (names) => {
      const root = document.body.cloneNode(true) as HTMLElement;
      // Marked as English on purpose (technical details) or as names (translate="no"): not a leak.
      root.querySelectorAll('[lang="en"], [translate="no"], script, style').forEach((el) => el.remove());
      document.body.append(root);
      root.style.position = 'absolute';
      const text = [
        root.innerText,
        ...[...root.querySelectorAll('[title], [aria-label], [placeholder], [alt]')].flatMap((el) =>
          ['title', 'aria-label', 'placeholder', 'alt'].map((name) => el.getAttribute(name) ?? ''),
        ),
      ].join('\n');
      root.remove();
      const words = text
        .split(/\s+/)
        .filter((token) => !/[./:@]\w/.test(token)) // addresses, hosts, e-mail, paths
        .flatMap((token) => token.match(/[A-Za-z][A-Za-z-]*[A-Za-z]/g) ?? []);
      return [...new Set(words)].filter(
        (word) => !names.includes(word) && !names.includes(word.replace(/-$/, '')),
      );
    },
    [...NAMES],
  );
}

/** Elements whose box reaches past the popup's right or left edge. */
function overflowing(popup: Page) {
  return popup.evaluate(() => {
    const width = document.body.getBoundingClientRect().width;
    const out = [...document.body.querySelectorAll('*')]
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && (box.right > width + 0.5 || box.left < -0.5);
      })
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${(el.textContent ?? '').slice(0, 40)}`);
    return { scrollWidth: document.documentElement.scrollWidth, width, out };
  });
}

beforeAll(async () => {
  session = await startLabSession({ uiLanguage: 'kk' });
  session.lab.play('messenger-block');
  options = await session.browser.openPage('options.html');
  await useLanguage('auto');
  const { run } = await runAndWait(options);
  expect(run.status).toBe('done');
});

afterAll(async () => {
  await session?.close();
});

describe('popup language and layout', () => {
  it('follows a Kazakh browser: Kazakh strings, lang="kk", how each site is blocked in Kazakh', async () => {
    const popup = await openPopup();
    expect(await popup.evaluate(() => document.documentElement.lang)).toBe('kk');
    expect(await popup.getByTestId('check-now').textContent()).toBe(kk.popupCheckNow!.message);
    expect(await popup.getByTestId('connection-banner').textContent()).toContain(text(kk, 'stateSelective'));
    const messengers = popup.locator('[data-category=messengers]');
    expect(await messengers.textContent()).toContain(kk.subKind_tls_reset_after_hello!.message);
    // No English and no message key leaks into the page, tooltips and labels included.
    expect(await englishOnScreen(popup)).toEqual([]);
    // Each sparkline says its days in words, in Kazakh: the date, then what was seen.
    const sparklines = await popup
      .locator('svg.sparkline')
      .evaluateAll((svgs) => svgs.map((svg) => svg.getAttribute('aria-label') ?? ''));
    expect(sparklines.length).toBeGreaterThan(0);
    const prefix = kk.wordsSparkline!.message.replace(/\$1/, '7').replace(/\$2.*$/, '');
    for (const label of sparklines) {
      expect(label.startsWith(prefix), label).toBe(true);
      expect(label).toMatch(/\d+ [а-яәіңғүұқөһ]+: /);
    }
    await popup.close();
  });

  it('shows each closed advice card as one line, in Kazakh and in Russian', async () => {
    for (const language of ['auto', 'ru']) {
      await useLanguage(language);
      const popup = await session.browser.openPage('popup.html');
      // 300 CSS pixels: the 400-pixel popup at the browser's 133 % zoom.
      await popup.setViewportSize({ width: 300, height: 800 });
      await popup.locator('[data-testid=connection-advice] [data-testid=advice-card]').first().waitFor();
      const cards = await popup.locator('[data-testid=advice-card]').evaluateAll((all) =>
        all.map((card) => {
          const summary = card.querySelector('summary')!;
          const style = getComputedStyle(summary);
          const line = parseFloat(style.lineHeight) || 1.5 * parseFloat(style.fontSize);
          return {
            open: (card as HTMLDetailsElement).open,
            lines: summary.getBoundingClientRect().height / line,
            title: summary.getAttribute('title'),
            text: summary.textContent,
          };
        }),
      );
      expect(cards.length).toBeGreaterThan(0);
      for (const card of cards) {
        expect(card.open, card.text!).toBe(false);
        expect(card.lines, card.text!).toBeLessThan(1.5);
        // A title cut short is whole in the tooltip (and read whole by a screen reader).
        expect(card.title).toBe(card.text);
      }
      await popup.close();
    }
    await useLanguage('auto');
  });

  it('keeps Kazakh within the popup’s width, left to right and right to left, with no axe violations', async () => {
    const popup = await openPopup();
    const ltr = await overflowing(popup);
    expect(ltr.out).toEqual([]);
    expect(ltr.scrollWidth).toBeLessThanOrEqual(400);
    expect(await axeViolations(popup)).toEqual([]);
    await popup.evaluate(() => (document.documentElement.dir = 'rtl'));
    const rtl = await overflowing(popup);
    expect(rtl.out).toEqual([]);
    // The banner's accent follows the reading direction (border-inline-start).
    const accent = await popup
      .getByTestId('connection-banner')
      .evaluate((el) => [getComputedStyle(el).borderRightWidth, getComputedStyle(el).borderLeftWidth]);
    expect(accent).toEqual(['6px', '0px']);
    await popup.close();
  });

  it('uses Russian when the user picks it, in the same Kazakh browser, and it fits too', async () => {
    await useLanguage('ru');
    const popup = await openPopup();
    expect(await popup.evaluate(() => document.documentElement.lang)).toBe('ru');
    expect(await popup.getByTestId('check-now').textContent()).toBe(ru.popupCheckNow!.message);
    expect(await popup.locator('[data-category=messengers]').textContent()).toContain(
      ru.subKind_tls_reset_after_hello!.message,
    );
    expect((await overflowing(popup)).out).toEqual([]);
    await popup.close();
  });

  it('shows the options, history, library and first-run pages in Russian and Kazakh with no English left on them', async () => {
    for (const language of ['ru', 'kk']) {
      await useLanguage(language);
      for (const path of ['options.html', 'timeline.html', 'reader.html', 'welcome.html']) {
        const page = await session.browser.openPage(path);
        await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language);
        await page.waitForLoadState('networkidle');
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
        expect(await englishOnScreen(page), `${language} ${path}`).toEqual([]);
        // A native file input shows the browser's "Choose File / No file chosen": none is visible,
        // each has a translated button instead.
        const natives = await page
          .locator('input[type=file]')
          .evaluateAll((inputs) => inputs.filter((i) => i.getBoundingClientRect().width > 2).length);
        expect(natives, `${language} ${path}`).toBe(0);
        for (const button of await page.locator('.file-button').allTextContents())
          expect(button).toBe(messages(language).wordsChooseFile!.message);
        if (path === 'timeline.html') {
          // The legend names every colour, the grey outline of a day without a measurement too,
          // and the days have dates above them.
          const legend = page.getByTestId('timeline-legend');
          expect(await legend.locator('li').count()).toBe(4);
          expect(await legend.locator('li[data-colour=none]').textContent()).toContain(
            messages(language).wordsLegendNone!.message,
          );
          const dates = await page.getByTestId('timeline-dates').first().textContent();
          expect(dates).toContain(messages(language).wordsToday!.message);
        }
        await page.close();
      }
    }
  });

  it('uses English when the user picks it, whatever the browser speaks', async () => {
    await useLanguage('en');
    const popup = await openPopup();
    expect(await popup.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await popup.getByTestId('check-now').textContent()).toBe(en.popupCheckNow!.message);
    await popup.close();
  });
});
