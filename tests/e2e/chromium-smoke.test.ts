import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labIp } from '../lab';
import { POPUP_JS_BUDGET_BYTES, popupScriptSize } from './harness/popup-size';
import { startLabSession, type LabSession } from './harness/session';
import { fetchInWorker } from './harness/worker-fetch';

let session: LabSession;

beforeAll(async () => {
  session = await startLabSession();
});
afterAll(() => session?.close());

describe('the extension in Chromium (smoke)', () => {
  it('starts its service worker', () => {
    expect(session.browser.extensionId).toMatch(/^[a-p]{32}$/);
    expect(session.browser.worker.url()).toMatch(/background\.js$/);
  });

  it('renders the popup and gets an answer from the background', async () => {
    const popup = await session.browser.openPage('popup.html');
    await popup.getByTestId('connection-banner').waitFor();
    expect(await popup.locator('h1').textContent()).toBe('Vantage');
    // The install-time run may be going: then the popup shows its progress instead of "Check now".
    await popup.locator('[data-testid=check-now], [data-testid=run-progress]').first().waitFor();
    await popup.close();
  });

  it("keeps the popup's JavaScript within its gzipped budget", () => {
    // Counted as bench/popup.ts counts it, on the build this file runs (`wxt build` comes first).
    const size = popupScriptSize(resolve('.output/chrome-mv3'));
    expect(size.gzippedBytes, `popup.html loads ${size.files.join(', ')}`).toBeLessThanOrEqual(
      POPUP_JS_BUDGET_BYTES,
    );
  });

  it('round-trips a typed message from an extension page', async () => {
    const page = await session.browser.openPage('reader.html');
    const reply = await page.evaluate(() =>
      (
        globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
      ).chrome.runtime.sendMessage({
        vantage: 1,
        type: 'ping',
        data: { sentAt: 1 },
      }),
    );
    expect(reply).toMatchObject({ ok: true, value: { version: '0.1.0' } });
    await page.close();
  });

  const scenarios: [string, string, RegExp | number][] = [
    ['a clean HTTPS site loads', 'https://clean.lab.test/', 200],
    ['NXDOMAIN', 'https://nxdomain.lab.test/', /^net::ERR_NAME_NOT_RESOLVED$/],
    ['a name outside the lab never resolves', 'https://example.com/', /^net::ERR_NAME_NOT_RESOLVED$/],
    ['TCP reset', 'http://reset.lab.test/', /^net::ERR_CONNECTION_RESET$/],
    ['TCP refused', 'http://refused.lab.test/', /^net::ERR_CONNECTION_REFUSED$/],
    ['SNI reset after ClientHello', 'https://sni-blocked.lab.test/', /^net::ERR_CONNECTION_RESET$/],
    ['interception by an untrusted root', 'https://intercept.lab.test/', /^net::ERR_CERT_AUTHORITY_INVALID$/],
    ['a blackhole ends only by our timeout', 'http://blackhole.lab.test/', /^net::ERR_(ABORTED|TIMED_OUT)$/],
  ];
  for (const [name, url, expected] of scenarios) {
    it(`sees ${name} from the worker's own fetch()`, async () => {
      const result = await fetchInWorker(session.browser.worker, url, 3_000);
      if (typeof expected === 'number') expect(result.status).toBe(expected);
      else expect(result.netError).toMatch(expected);
    });
  }

  it('sees where poisoned DNS really led (the blockpage server address)', async () => {
    const result = await fetchInWorker(session.browser.worker, 'http://poisoned.lab.test/');
    expect(result.status).toBe(200);
    expect(result.ip).toBe(labIp(14));
  });

  it('reaches the worker with context.setOffline(true)', async () => {
    await session.browser.context.setOffline(true);
    try {
      const result = await fetchInWorker(session.browser.worker, 'https://clean.lab.test/');
      expect(result.netError).toBe('net::ERR_INTERNET_DISCONNECTED');
    } finally {
      await session.browser.context.setOffline(false);
    }
  });
});
