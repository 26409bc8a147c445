/**
 * Reader cost with a big library: 10,000 articles (the corpus pages' Readability output, gzipped
 * as the library stores it, one image each) written into the extension's IndexedDB, then in
 * real Chromium:
 *   - the library page's first list (navigation start → first article on screen),
 *   - opening an article from the list (click → body rendered with its image), and
 *   - opening an article by its address (reader.html?id=…, navigation start → body rendered).
 *
 *   npx tsx bench/reader.ts [--articles 10000]     (no assertions; figures for docs/benchmarks.md)
 */
import { execFileSync } from 'node:child_process';
import { startLabSession } from '../tests/e2e/harness/session';
import { corpus, fillLibrary, NAME_SHIM } from './fill-library';

const count = Number(process.argv[process.argv.indexOf('--articles') + 1]) || 10_000;

execFileSync('npx', ['wxt', 'build'], { stdio: 'ignore' });
const session = await startLabSession();
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${s.at(-1)!.toFixed(1)} ms (n=${s.length})`;
};

try {
  const page = await session.browser.openPage('options.html');
  const started = Date.now();
  await fillLibrary(page, count);
  const textChars = corpus.reduce(
    (sum, page) => sum + page.html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').length,
    0,
  );
  console.log(`text: ${(((textChars / corpus.length) * count) / 1e6).toFixed(0)} M characters in all`);
  console.log(`library: ${count} articles written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await page.close();

  const base = `chrome-extension://${session.browser.extensionId}/reader.html`;
  const firstList: number[] = [];
  for (let i = 0; i < 10; i++) {
    const reader = await session.browser.context.newPage();
    await reader.goto(base, { waitUntil: 'commit' });
    await reader.getByTestId('article-item').first().waitFor();
    firstList.push(await reader.evaluate(() => performance.now()));
    await reader.close();
  }
  console.log(`library page, first list of 50: ${stats(firstList)}`);

  const fromList: number[] = [];
  const reader = await session.browser.context.newPage();
  await reader.goto(base);
  await reader.evaluate(NAME_SHIM);
  for (let i = 0; i < 30; i++) {
    await reader.getByTestId('article-item').first().waitFor();
    fromList.push(
      await reader.evaluate(
        (n) =>
          new Promise<number>((resolve) => {
            const start = performance.now();
            const done = () => {
              const img = document.querySelector<HTMLImageElement>('[data-testid=article-body] img');
              if (img?.complete && img.naturalWidth > 0) {
                observer.disconnect();
                resolve(performance.now() - start);
              } else if (img) img.addEventListener('load', done, { once: true });
            };
            const observer = new MutationObserver(done);
            observer.observe(document.body, { childList: true, subtree: true });
            document.querySelectorAll<HTMLAnchorElement>('[data-testid=article-item] a')[n]!.click();
          }),
        i % 50,
      ),
    );
    await reader.getByRole('button', { name: /Back to the library/ }).click();
  }
  const phases = await reader.evaluate(() => {
    const read: number[] = [];
    const render: number[] = [];
    const opens = performance.getEntriesByName('article-open');
    const reads = performance.getEntriesByName('article-read');
    const renders = performance.getEntriesByName('article-rendered');
    for (let i = 0; i < Math.min(opens.length, reads.length, renders.length); i++) {
      read.push(reads[i]!.startTime - opens[i]!.startTime);
      render.push(renders[i]!.startTime - reads[i]!.startTime);
    }
    return { read, render };
  });
  await reader.close();
  console.log(`  of which IndexedDB read + gunzip: ${stats(phases.read)}`);
  console.log(`  of which state update + sanitize + render: ${stats(phases.render)}`);
  console.log(`open an article from the list (click → body and image on screen): ${stats(fromList)}`);

  const byAddress: number[] = [];
  for (let i = 0; i < 20; i++) {
    const page = await session.browser.context.newPage();
    const id = `bench${String((i * 487) % count).padStart(6, '0')}`;
    await page.goto(`${base}?id=${id}`, { waitUntil: 'commit' });
    await page.locator('[data-testid=article-body] p').first().waitFor();
    byAddress.push(await page.evaluate(() => performance.now()));
    await page.close();
  }
  console.log(`open an article by address (navigation → body on screen): ${stats(byAddress)}`);

  // Search: the first query builds the index from 10,000 articles and stores it; the next page
  // loads the stored one; then queries typed as a user would.
  const QUERIES = [
    'obama',
    'frustration',
    'linux kernel',
    'heise',
    'wiki',
    'gun laws',
    'elect',
    'nacion',
    'monde',
    'ars',
  ];
  for (const phase of ['build', 'load']) {
    const searchPage = await session.browser.context.newPage();
    await searchPage.goto(base);
    const box = searchPage.getByTestId('library-search');
    await box.fill('gun');
    await searchPage.getByTestId('search-count').waitFor({ timeout: 300_000 });
    const opened = await searchPage.evaluate(() => performance.getEntriesByName('search-open')[0]!.duration);
    console.log(
      `search index ${phase === 'build' ? 'built from scratch (and stored)' : 'loaded from IndexedDB'}: ${opened.toFixed(0)} ms`,
    );
    if (phase === 'load') {
      for (let round = 0; round < 3; round++)
        for (const query of QUERIES) {
          const before = await searchPage.evaluate(() => performance.getEntriesByName('search-query').length);
          await box.fill(query);
          await searchPage.waitForFunction(
            (n) => performance.getEntriesByName('search-query').length > n,
            before,
          );
        }
      const queries = await searchPage.evaluate(() =>
        performance.getEntriesByName('search-query').map((entry) => entry.duration),
      );
      console.log(`search query in the reader: ${stats(queries)}`);
    }
    await searchPage.close();
  }
} finally {
  await session.close();
}
