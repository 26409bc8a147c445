import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './harness/axe';
import { runAndWait, send } from './harness/extension-api';
import { labPreset, scenarioSiteTargets } from './harness/lab-preset';
import { startLabSession, type LabSession } from './harness/session';

let session: LabSession;
let options: Page;

beforeAll(async () => {
  session = await startLabSession();
  session.lab.play('messenger-block');
  options = await session.browser.openPage('options.html');
  await send(options, 'importSettings', { json: labPreset(scenarioSiteTargets(session.lab)) });
  await runAndWait(options);
});
afterAll(() => session?.close());

describe('accessibility (axe-core, WCAG 2.1 AA) with real results on screen', () => {
  for (const [name, path, ready] of [
    ['popup', 'popup.html', '[data-testid=categories]'],
    ['measurements page', 'timeline.html', '[data-testid=outages]'],
    ['options page', 'options.html', 'main'],
  ] as const) {
    it(`finds no violations on the ${name}`, async () => {
      const page = await session.browser.openPage(path);
      await page.locator(ready).first().waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.close();
    });
  }

  it('lets a keyboard user reach "Check now" and every category from the popup', async () => {
    const popup = await session.browser.openPage('popup.html');
    await popup.getByTestId('categories').waitFor();
    const focused: string[] = [];
    for (let i = 0; i < 12; i++) {
      await popup.keyboard.press('Tab');
      focused.push(await popup.evaluate(() => document.activeElement?.textContent?.trim() ?? ''));
    }
    expect(focused.some((text) => text === 'Check now')).toBe(true);
    expect(focused.some((text) => text.startsWith('Messengers'))).toBe(true);
    await popup.close();
  });

  it('would catch a violation (the checker itself works)', async () => {
    const page = await session.browser.openPage('timeline.html');
    await page.evaluate(() => {
      const button = document.createElement('button');
      document.body.append(button); // a button with no accessible name
    });
    expect((await axeViolations(page)).map((v) => v.id)).toContain('button-name');
    await page.close();
  });
});
