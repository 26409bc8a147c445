import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WxtBrowser } from 'wxt/browser';
import { READ_TAB_TIMEOUT_MS, readTab } from '../../../lib/library/keep-offline';

/** A browser whose scripting.executeScript answers with `answer` (or never). */
function fakeBrowser(answer: () => Promise<unknown>) {
  const calls: Record<string, unknown>[] = [];
  const browser = {
    scripting: {
      executeScript: (options: Record<string, unknown>) => {
        calls.push(options);
        return answer();
      },
    },
  } as unknown as WxtBrowser;
  return { browser, calls };
}

afterEach(() => vi.useRealTimers());

describe('readTab (keep offline)', () => {
  it('asks for the page at once, without waiting for it to finish loading, and says it was still loading', async () => {
    const { browser, calls } = fakeBrowser(async () => [
      {
        result: {
          url: 'https://slow.example/',
          html: '<html><body><h1>Hi</h1></body></html>',
          length: 40,
          loading: true,
        },
      },
    ]);
    const read = await readTab(browser, 7);
    expect(calls[0]).toMatchObject({ target: { tabId: 7 }, injectImmediately: true });
    expect(read).toEqual({
      ok: true,
      url: 'https://slow.example/',
      html: '<html><body><h1>Hi</h1></body></html>',
      stillLoading: true,
    });
  });

  it('gives up with a reason after a few seconds when the page never hands its content over', async () => {
    vi.useFakeTimers();
    const { browser } = fakeBrowser(() => new Promise(() => undefined));
    const reading = readTab(browser, 7);
    await vi.advanceTimersByTimeAsync(READ_TAB_TIMEOUT_MS + 1);
    expect(await reading).toMatchObject({ ok: false, reason: 'timeout' });
  });

  it('turns an exception into a reason, not a crash', async () => {
    const { browser } = fakeBrowser(() => Promise.reject(new Error('Cannot access contents of the page')));
    expect(await readTab(browser, 7)).toMatchObject({ ok: false, reason: 'script-failed' });
  });
});
