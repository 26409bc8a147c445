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
          // Each file launches a browser and the lab binds fixed loopback ports: one at a time.
          fileParallelism: false,
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
