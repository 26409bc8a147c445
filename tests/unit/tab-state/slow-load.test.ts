import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WxtBrowser as Browser } from 'wxt/browser';
import { SLOW_LOAD_MS, watchSlowLoads } from '../../../lib/tab-state/slow-load';

type Details = { requestId: string; tabId: number; url: string; redirectUrl?: string };

/** webRequest's four main-frame events, fired by the test. */
function mainFrameEvents() {
  const listeners: Record<string, (details: Details) => void> = {};
  const event = (name: string) => ({ addListener: (l: (d: Details) => void) => (listeners[name] = l) });
  const browser = {
    webRequest: {
      onBeforeRequest: event('request'),
      onBeforeRedirect: event('redirect'),
      onResponseStarted: event('response'),
      onErrorOccurred: event('error'),
    },
  } as unknown as Browser;
  const fire = (name: string, details: Details) => listeners[name]!(details);
  return { browser, fire };
}

afterEach(() => vi.useRealTimers());

describe('a page still loading', () => {
  it('is diagnosed once its server has not answered for 8 s — not when it answered or failed', () => {
    vi.useFakeTimers();
    const slow = vi.fn();
    const { browser, fire } = mainFrameEvents();
    watchSlowLoads(browser, slow);
    fire('request', { requestId: '1', tabId: 3, url: 'http://silent.example/page' });
    fire('request', { requestId: '2', tabId: 4, url: 'https://answers.example/' });
    fire('request', { requestId: '3', tabId: 5, url: 'https://fails.example/' });
    fire('request', { requestId: '4', tabId: -1, url: 'https://not-a-tab.example/' });
    vi.advanceTimersByTime(SLOW_LOAD_MS - 1);
    fire('response', { requestId: '2', tabId: 4, url: 'https://answers.example/' });
    fire('error', { requestId: '3', tabId: 5, url: 'https://fails.example/' });
    expect(slow).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(slow.mock.calls).toEqual([['http://silent.example/page']]);
    vi.advanceTimersByTime(SLOW_LOAD_MS * 3);
    expect(slow).toHaveBeenCalledTimes(1);
  });

  it('follows a redirect: the site waited for is the one redirected to', () => {
    vi.useFakeTimers();
    const slow = vi.fn();
    const { browser, fire } = mainFrameEvents();
    watchSlowLoads(browser, slow);
    fire('request', { requestId: '7', tabId: 1, url: 'http://short.example/' });
    fire('redirect', {
      requestId: '7',
      tabId: 1,
      url: 'http://short.example/',
      redirectUrl: 'https://long.example/',
    });
    vi.advanceTimersByTime(SLOW_LOAD_MS);
    expect(slow.mock.calls).toEqual([['https://long.example/']]);
  });
});
