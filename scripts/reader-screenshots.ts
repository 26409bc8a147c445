/**
 * `npm run screenshots:reader`: the offline library as a user sees it, written to
 * docs/screenshots/reader-*.png — made from the e2e lab so they stay true: the lab's news site is
 * subscribed and refreshed through the real capture path (feed, pages, images), then the reader
 * is opened with the network cut: the list, an article with its saved photo, the same article in
 * dark mode, and the list in Russian and Kazakh.
 *
 *   VANTAGE_LAB_NET=3 npm run screenshots:reader
 */
import { execFileSync } from 'node:child_process';
import type { RefreshReport } from '../lib/library';
import { createLibrarySites, LAB_PHOTO_TITLE } from '../tests/lab';
import { send } from '../tests/e2e/harness/extension-api';
import { labPreset } from '../tests/e2e/harness/lab-preset';
import { startLabSession } from '../tests/e2e/harness/session';

if (!process.argv.includes('--no-build')) execFileSync('npx', ['wxt', 'build'], { stdio: 'ignore' });

const session = await startLabSession({ lab: { library: createLibrarySites() } });
try {
  const options = await session.browser.openPage('options.html');
  const setLanguage = async (language: string) =>
    send(options, 'importSettings', { json: labPreset([], { language, scheduleMinutes: 0 }) });
  await setLanguage('en');
  await send(options, 'cancelRun', {});
  const added = await send(options, 'libraryAddSource', {
    url: 'https://azattyq.lab.test/news/',
    kind: 'feed',
  });
  if (!added.ok) throw new Error(added.reason);
  const report: RefreshReport = await send(options, 'libraryRefresh', { sourceIds: [added.source.id] });
  if (!report.sources[0]?.ok) throw new Error(`refresh failed: ${JSON.stringify(report)}`);
  // Read as during a shutdown: nothing below comes from the network.
  await session.browser.context.setOffline(true);

  const shoot = async (name: string, query: string, colorScheme: 'light' | 'dark', open?: string) => {
    const reader = await session.browser.openPage(`reader.html${query}`);
    await reader.setViewportSize({ width: 900, height: 760 });
    await reader.emulateMedia({ colorScheme });
    await reader.locator('main.reader').waitFor();
    if (open) {
      await reader.getByRole('link', { name: open }).first().click();
      await reader.locator('article img').first().waitFor();
      await reader.waitForFunction(() => [...document.images].every((image) => image.complete));
    } else {
      await reader.locator('main.reader li').first().waitFor();
    }
    const out = `docs/screenshots/reader-${name}.png`;
    await reader.screenshot({ path: out, fullPage: Boolean(open) });
    console.log(`wrote ${out}`);
    await reader.close();
  };

  await shoot('list-en', '', 'light');
  await shoot('article-en', '', 'light', LAB_PHOTO_TITLE);
  await shoot('article-dark-en', '', 'dark', LAB_PHOTO_TITLE);
  await setLanguage('ru');
  await shoot('list-ru', '', 'light');
  await setLanguage('kk');
  await shoot('list-kk', '', 'light');
} finally {
  await session.browser.context.setOffline(false).catch(() => undefined);
  await session.close();
}
