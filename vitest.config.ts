import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Three kinds of test, run separately by scripts/test.ts:
//   unit — pure lib/ logic, WXT's fake browser and fake-indexeddb; milliseconds each.
//   lab  — the censor lab's own servers, from Node.
//   e2e  — the built extension in real Chromium and Firefox against the lab; one file at a time.
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
          setupFiles: ['fake-indexeddb/auto'],
          environment: 'node',
          // Vitest's default leaves a core free (one worker on CI's two); these are CPU-bound and
          // isolated per file, and the run's main process is nearly idle: use both.
          maxWorkers: Math.max(2, availableParallelism() - 1),
          // Most take milliseconds; a few run Readability in jsdom over a whole Wikipedia page
          // several times (~2.5 s here, 5.2 s on a busy machine). The timeout only catches a hang:
          // no test fails on wall-clock time.
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'lab',
          include: ['tests/lab/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          // Two files at a time: most of an e2e file's time is spent waiting on the browser and the
          // lab's timeouts, not on the CPU. Each file launches its own browser, and each worker's lab
          // binds its fixed ports on its own 127.0.N.x (tests/lab/hosts.ts), so they never meet.
          maxWorkers: 2,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // A real browser on a busy CI machine can take more than the default second to show
          // something; waiting longer only costs time when an assertion is going to fail anyway.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
