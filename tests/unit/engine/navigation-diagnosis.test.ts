import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { WxtBrowser as Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { diagnoseFailedNavigations } from '../../../lib/engine/navigation-diagnosis';
import { saveSettings } from '../../../lib/settings';

type Failed = { error: string; url: string };

/** The fake browser with a webRequest.onErrorOccurred the test can fire (it implements none). */
function withNavigationErrors() {
  let listener: ((details: Failed) => void) | undefined;
  const browser = {
    ...fakeBrowser,
    webRequest: { onErrorOccurred: { addListener: (l: typeof listener) => (listener = l) } },
  } as unknown as Browser;
  return { browser, fail: (details: Failed) => listener!(details) };
}

beforeEach(() => fakeBrowser.reset());

describe('diagnosing pages the user failed to open', () => {
  it('diagnoses each site at most once a minute, and only with its own switch on', async () => {
    const diagnose = vi.fn();
    const { browser, fail } = withNavigationErrors();
    diagnoseFailedNavigations(browser, diagnose);
    const blocked = { error: 'net::ERR_CONNECTION_RESET', url: 'https://news.example/a' };

    await saveSettings({ consent: { choice: 'manual', at: 1 }, diagnoseFailedPages: false });
    fail({ ...blocked, url: 'https://switched-off.example/' });
    await saveSettings({ diagnoseFailedPages: true });
    fail(blocked);
    await expect.poll(() => diagnose.mock.calls.length).toBe(1);
    expect(diagnose).toHaveBeenCalledWith('https://news.example/a');
    expect(diagnose).not.toHaveBeenCalledWith('https://switched-off.example/');

    // The same site again at once: no second run. Another site, and a private address (never).
    // (Handled in order, so a diagnosis of news.example/b would come before other.example's.)
    fail({ ...blocked, url: 'https://news.example/b' });
    fail({ ...blocked, url: 'https://other.example/' });
    fail({ ...blocked, url: 'http://192.168.1.1/' });
    await expect.poll(() => diagnose.mock.calls.length).toBe(2);
    expect(diagnose.mock.calls.map(([url]) => url)).toEqual([
      'https://news.example/a',
      'https://other.example/',
    ]);
  });
});
