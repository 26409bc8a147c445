/**
 * Saving one article, excluding the network: extraction (Readability) + sanitizing (DOMPurify)
 * in a DOM, compression (CompressionStream gzip when it pays) and the one-transaction save with
 * budget accounting. Over every page of the corpus, several rounds, into a library that already
 * holds many articles. Also: stored bytes per article against its plain-text size.
 *
 *   npx tsx bench/library-save.ts [--rounds 5] [--prefill 2000]
 *
 * Two measurements of the same code: (1) in real headless Chromium — the capture code bundled
 * (bench/library-save-page.ts) into a page served by Playwright's router (nothing leaves the
 * machine: no lab, every name ~NOTFOUND), Blink's DOM and Chromium's IndexedDB, as in the
 * offscreen document; (2) in Node with jsdom and fake-indexeddb, to split extraction from
 * storage and show the cost does not grow with a prefilled library. No assertions (figures for
 * docs/benchmarks.md).
 */
import 'fake-indexeddb/auto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { JSDOM } from 'jsdom';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH } from '../tests/e2e/harness/chromium';
import { CHROMIUM_QUIET_FLAGS } from '../tests/e2e/harness/flags';
import { openDatabase, type ArticleRecord } from '../lib/db';
import { packHtml, processPage, articleIdFor, saveArticle } from '../lib/library';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const rounds = arg('rounds', 5);
const prefill = arg('prefill', 2000);

// The whole shared corpus when this checkout sits beside it, else the fixtures copied from it.
const shared = join(import.meta.dirname, '..', '..', 'shared', 'corpus', 'pages');
const dir = existsSync(shared) ? shared : join(import.meta.dirname, '..', 'tests', 'fixtures', 'pages');
const pages = readdirSync(dir)
  .filter((name) => existsSync(join(dir, name, 'source.html')))
  .map((name) => ({ name, html: readFileSync(join(dir, name, 'source.html'), 'utf8') }));

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const ms = (v: number) => `${v.toFixed(1)} ms`;

// (1) Real Chromium.
{
  const bundle = join(import.meta.dirname, '..', '.output', 'bench-library-save.js');
  execFileSync(
    'npx',
    [
      'esbuild',
      join(import.meta.dirname, 'library-save-page.ts'),
      '--bundle',
      '--format=iife',
      `--outfile=${bundle}`,
    ],
    {
      stdio: 'ignore',
    },
  );
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_QUIET_FLAGS, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost'],
  });
  try {
    const context = await browser.newContext();
    await context.route('https://bench.invalid/**', (route) =>
      route.fulfill(
        route.request().url().endsWith('/bench.js')
          ? { contentType: 'text/javascript', body: readFileSync(bundle, 'utf8') }
          : { contentType: 'text/html', body: '<!doctype html><script src="/bench.js"></script>' },
      ),
    );
    const tab = await context.newPage();
    await tab.goto('https://bench.invalid/');
    type Sample = {
      ok: boolean;
      reason?: string;
      extract: number;
      store: number;
      text: number;
      stored: number;
    };
    const samples: Sample[] = [];
    let n = 0;
    for (let round = 0; round < rounds; round++) {
      for (const { name, html } of pages) {
        const sample = (await tab.evaluate(
          ([h, u, t]) =>
            (
              globalThis as unknown as { benchSave(h: string, u: string, t: number): Promise<unknown> }
            ).benchSave(h, u, t),
          [html, `https://news.example/${name}/${round}`, n++] as const,
        )) as Sample;
        if (sample.ok) samples.push(sample);
        else if (round === 0) console.error(`${name}: ${sample.reason}`);
      }
    }
    const totals = samples.map((s) => s.extract + s.store);
    console.log(
      `Chromium ${browser.version()} (real DOM and IndexedDB), ${pages.length} pages × ${rounds} rounds, n=${samples.length}:`,
    );
    console.log(
      `  save one article  median ${ms(pct(totals, 50))}  p95 ${ms(pct(totals, 95))}  max ${ms(Math.max(...totals))}  (goal ≤ 100 ms)`,
    );
    console.log(
      `  extract+sanitize  median ${ms(
        pct(
          samples.map((s) => s.extract),
          50,
        ),
      )}  p95 ${ms(
        pct(
          samples.map((s) => s.extract),
          95,
        ),
      )}`,
    );
    console.log(
      `  compress+store    median ${ms(
        pct(
          samples.map((s) => s.store),
          50,
        ),
      )}  p95 ${ms(
        pct(
          samples.map((s) => s.store),
          95,
        ),
      )}`,
    );
  } finally {
    await browser.close();
  }
}

// (2) Node: jsdom + fake-indexeddb, with a prefilled library.
const { window } = new JSDOM('<!doctype html><html><body></body></html>', {
  url: 'https://vantage.invalid/',
});
const win = window as unknown as Window;
const db = await openDatabase(`bench-${Date.now()}`);
const MIB = 1024 * 1024;

// A library that is not empty: saves must not slow down as it grows.
const filler = `<p>${'Архивная статья. '.repeat(200)}</p>`;
const packedFiller = await packHtml(filler);
for (let i = 0; i < prefill; i++) {
  await saveArticle(
    db,
    {
      id: `fill-${i}`,
      url: `https://fill.example/${i}`,
      canonicalUrl: `https://fill.example/${i}`,
      sourceId: 'bench',
      title: `Filler ${i}`,
      fetchedAt: i,
      html: packedFiller,
      text: filler,
      excerpt: '',
      imageKeys: [],
      bytes: 0,
      pinned: 0,
      read: 0,
    },
    [],
    { budgetBytes: 10_000 * MIB },
  );
}

const total: number[] = [];
const extract: number[] = [];
const store: number[] = [];
const sizes: { name: string; text: number; html: number; stored: number; gzipped: boolean }[] = [];
for (let round = 0; round < rounds; round++) {
  for (const { name, html } of pages) {
    const url = `https://news.example/${name}/${round}`;
    const t0 = performance.now();
    const page = processPage(html, url, win);
    const t1 = performance.now();
    if (!page.ok) {
      if (round === 0) console.error(`${name}: ${page.reason}`);
      continue;
    }
    const article: ArticleRecord = {
      id: await articleIdFor(page.canonicalUrl),
      url,
      canonicalUrl: page.canonicalUrl,
      sourceId: 'bench',
      title: page.title,
      fetchedAt: prefill + round * 1000 + sizes.length,
      html: await packHtml(page.html),
      text: page.text,
      excerpt: page.excerpt,
      imageKeys: [],
      bytes: 0,
      pinned: 0,
      read: 0,
    };
    const saved = await saveArticle(db, article, [], { budgetBytes: 10_000 * MIB });
    const t2 = performance.now();
    if (!saved.ok) throw new Error(`${name}: ${saved.reason}`);
    total.push(t2 - t0);
    extract.push(t1 - t0);
    store.push(t2 - t1);
    if (round === 0) {
      sizes.push({
        name,
        text: new TextEncoder().encode(page.text).length,
        html: new TextEncoder().encode(page.html).length,
        stored: saved.article.bytes,
        gzipped: typeof article.html !== 'string',
      });
    }
  }
}

console.log(
  `corpus: ${pages.length} pages from ${dir}; ${rounds} rounds; library prefilled with ${prefill} articles`,
);
console.log(`save one article (extract + sanitize + compress + store), n=${total.length}:`);
console.log(
  `  total    median ${ms(pct(total, 50))}  p95 ${ms(pct(total, 95))}  max ${ms(Math.max(...total))}  (goal ≤ 100 ms)`,
);
console.log(`  extract+sanitize (jsdom)  median ${ms(pct(extract, 50))}  p95 ${ms(pct(extract, 95))}`);
console.log(`  compress+store (fake-indexeddb)  median ${ms(pct(store, 50))}  p95 ${ms(pct(store, 95))}`);
const sum = (k: 'text' | 'html' | 'stored') => sizes.reduce((s, x) => s + x[k], 0);
console.log(`stored bytes vs text (no images), ${sizes.length} articles:`);
console.log(
  `  text ${(sum('text') / 1024).toFixed(0)} KB, sanitized HTML ${(sum('html') / 1024).toFixed(0)} KB, stored ${(sum('stored') / 1024).toFixed(0)} KB → ${(sum('stored') / sum('text')).toFixed(2)} stored bytes per text byte; ${sizes.filter((s) => s.gzipped).length}/${sizes.length} gzipped`,
);
const ratios = sizes.map((s) => s.stored / s.text);
console.log(
  `  per article: median ${pct(ratios, 50).toFixed(2)}, min ${Math.min(...ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)}`,
);
