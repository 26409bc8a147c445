import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { WxtBrowser as Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createSiteDiagnosis, diagnoseFailedNavigations } from '../../../lib/engine/navigation-diagnosis';
import { saveSettings } from '../../../lib/settings';
import { DIAGNOSIS_STALE_MS, diagnosingSites, isDiagnosing } from '../../../lib/engine/diagnosing';

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
    const diagnose = vi.fn(async (_url: string) => undefined);
    const { browser, fail } = withNavigationErrors();
    diagnoseFailedNavigations(browser, createSiteDiagnosis(diagnose));
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

describe('a diagnosis in flight', () => {
  it('lists its site while it runs (the popup and toolbar say "checking…") and drops it after', async () => {
    let finish!: () => void;
    const check = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    await saveSettings({ consent: { choice: 'manual', at: 1 }, diagnoseFailedPages: true });
    const diagnose = createSiteDiagnosis(check);
    const done = diagnose('https://slow.example/page');
    await expect
      .poll(async () => Object.keys(await diagnosingSites.getValue()))
      .toEqual(['https://slow.example']);
    const sites = await diagnosingSites.getValue();
    expect(isDiagnosing(sites, 'https://slow.example/other', Date.now())).toBe(true);
    expect(isDiagnosing(sites, 'https://fast.example/', Date.now())).toBe(false);
    // One lost with a stopped worker does not say "checking…" for ever.
    expect(isDiagnosing(sites, 'https://slow.example/', Date.now() + DIAGNOSIS_STALE_MS)).toBe(false);
    finish();
    await done;
    expect(await diagnosingSites.getValue()).toEqual({});
  });

  it('asks nothing before the first-run answer, nor about a private page', async () => {
    const check = vi.fn(async () => undefined);
    const diagnose = createSiteDiagnosis(check);
    await saveSettings({ diagnoseFailedPages: true });
    await diagnose('https://before-consent.example/');
    await saveSettings({ consent: { choice: 'manual', at: 1 } });
    await diagnose('http://router.lan/');
    expect(check).not.toHaveBeenCalled();
    expect(await diagnosingSites.getValue()).toEqual({});
  });
});
