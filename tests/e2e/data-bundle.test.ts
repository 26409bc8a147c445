import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostByName, startLab, type Lab } from '../lab';
import {
  LAB_BUNDLE_FINGERPRINT,
  LAB_BUNDLE_PACK,
  LAB_BUNDLE_PATH,
  LAB_BUNDLE_TOR_DOWNLOAD,
} from '../lab/data-bundle';
import { launchChromium, type ChromiumSession } from './harness/chromium';
import { runAndWait, send } from './harness/extension-api';
import { stopServiceWorker } from './harness/worker-cdp';

// Issue #16 part 3: signed data updates from several endpoints. The lab stores a good bundle, a
// forged one, a genuine old one and nothing at all on different hosts, and one endpoint does not
// answer; the extension must take only the good bundle, keep it against the forgery and the
// replay, and the options page must say which version it has, of when, and from where. What the
// good bundle carries is then in force: its blockpage fingerprints, its Kazakhstan target pack (lab
// sites; the forgery had slipped the censor's host in) and its Tor Browser download address.
//
// The extension pins its key in public/data-bundle-keys.json. A release pins the project's key;
// this test plays the maintainer of a test build and pins the lab's throw-away key in a copy of
// the built extension (the lab never sees the private half leave it).

const en = JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')) as Record<
  string,
  { message: string }
>;
const message = (key: string) => en[key]!.message;
const endpoint = (name: string) => `https://${name}${LAB_BUNDLE_PATH}`;

let lab: Lab;
let browser: ChromiumSession;
let page: Page;
let extensionDir: string;
let home: string;

function installed(p: Page = page) {
  return p.evaluate(async () => {
    const chrome = (
      globalThis as unknown as {
        chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } };
      }
    ).chrome;
    return (await chrome.storage.local.get('dataBundle')).dataBundle as
      { version: number; source: string; mirrors?: { sites: Record<string, { url: string }[]> } } | undefined;
  });
}

async function addEndpoint(url: string) {
  await page.locator('#data-bundle-url').fill(url);
  await page.locator('#data-bundle-url').press('Enter');
  await expect
    .poll(() => page.locator('[data-testid=data-bundle-endpoints] code').allTextContents())
    .toContain(url);
}

async function refreshAndReport(): Promise<string[]> {
  const report = page.getByTestId('data-bundle-report');
  await report.evaluate((element) => element.replaceChildren());
  await page.getByTestId('data-bundle-refresh').click();
  await expect.poll(() => report.locator('li').count(), { timeout: 60_000 }).toBeGreaterThan(0);
  return report.locator('li').allTextContents();
}

/** The verdict's fingerprint for the lab page only the bundle's fingerprint calls a blockpage. */
async function exampleFingerprint(): Promise<string | undefined> {
  const answer = await send(page, 'checkUrl', { url: 'https://example.lab.test/' });
  return answer.measurement?.verdict.fingerprint;
}

beforeAll(async () => {
  lab = await startLab();
  extensionDir = mkdtempSync(join(tmpdir(), 'vantage-ext-'));
  cpSync(resolve('.output/chrome-mv3'), extensionDir, { recursive: true });
  writeFileSync(
    join(extensionDir, 'data-bundle-keys.json'),
    JSON.stringify({ keys: [lab.dataBundle.publicKey] }),
  );
  home = mkdtempSync(join(tmpdir(), 'vantage-home-'));
  lab.prepareNssHome(home);
  browser = await launchChromium({ extensionDir, resolverRules: lab.resolverRules, home });
  page = await browser.openPage('options.html');
  await page.locator('#data-bundle').waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
  for (const dir of [extensionDir, home]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('signed data bundle, Chromium', () => {
  it('shows that none is installed and asks nobody while no endpoint is set', async () => {
    await expect
      .poll(() => page.getByTestId('data-bundle-installed').textContent())
      .toBe(message('dataBundleNone'));
    expect(await refreshAndReport()).toEqual([message('dataBundleResultNoEndpoints')]);
    // The shipped fingerprints see an ordinary page there.
    expect(await exampleFingerprint()).toBeUndefined();
  });

  it('takes an endpoint from a settings file only when the user accepts the suggestion', async () => {
    const file = join(home, 'ngo-settings.json');
    const down = endpoint('bundle-down.lab.test');
    writeFileSync(
      file,
      JSON.stringify({ format: 'vantage-settings', version: 1, settings: { dataBundleEndpoints: [down] } }),
    );
    await page.locator('#settings-file-input').setInputFiles(file);
    const accept = page.getByTestId('accept-dataBundleEndpoints');
    await accept.waitFor();
    // Suggested, not added: the list is still empty until the button is pressed.
    expect(await page.locator('[data-testid=data-bundle-endpoints] li').count()).toBe(0);
    await accept.click();
    await expect
      .poll(() => page.locator('[data-testid=data-bundle-endpoints] code').allTextContents())
      .toEqual([down]);
  });

  it('passes over an unreachable endpoint (from the file), a 404 and a forgery, and takes the good bundle', async () => {
    for (const name of ['bundle-missing.lab.test', 'bundle-tampered.lab.test', 'bundle-good.lab.test'])
      await addEndpoint(endpoint(name));
    const lines = await refreshAndReport();
    expect(lines[0]).toContain(`version ${lab.dataBundle.goodVersion}`);
    expect(lines.slice(1)).toEqual([
      `bundle-down.lab.test: ${message('dataBundleReasonNetwork')}`,
      `bundle-missing.lab.test: ${message('dataBundleReasonHttpStatus')}`,
      `bundle-tampered.lab.test: ${message('dataBundleReasonBadSignature')}`,
    ]);
    const stored = await installed();
    expect(stored).toMatchObject({
      version: lab.dataBundle.goodVersion,
      source: endpoint('bundle-good.lab.test'),
    });
    // The forged bundle pointed Azattyq's mirror at the censor's host; the one taken did not.
    const azattyq = stored?.mirrors?.sites['azattyq.lab.test']?.map((a) => a.url) ?? [];
    expect(azattyq.some((url) => url.startsWith('https://clean.lab.test/mirror/'))).toBe(true);
    expect(JSON.stringify(stored)).not.toContain('block.lab.test/mirror');
  });

  it("checks with the bundle's blockpage fingerprints from then on", async () => {
    expect(await exampleFingerprint()).toBe(LAB_BUNDLE_FINGERPRINT);
  });

  it("lists the bundle's Kazakhstan pack on the options page, in place of the shipped one", async () => {
    const expected = LAB_BUNDLE_PACK.kz.targets.map((t) => t.url);
    const listed = () =>
      page
        .locator('[data-testid=target]')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-url')));
    await expect.poll(async () => (await listed()).sort()).toEqual([...expected].sort());
  });

  it("runs the bundle's Kazakhstan pack — the lab sites, never the forged entry", async () => {
    const expected = [...LAB_BUNDLE_PACK.kz.targets.map((t) => t.url)].sort();
    const { run, measurements } = await runAndWait(page);
    expect([...run.targetIds].sort()).toEqual(expected);
    expect(measurements.map((m) => m.observation.target.url).sort()).toEqual(expected);
    expect(JSON.stringify(run)).not.toContain('block.lab.test');
    expect(JSON.stringify(await installed())).not.toContain('block.lab.test');
  });

  it("still runs the bundle's pack from a worker that was stopped and woken by the request", async () => {
    // The packs in force are held in memory: a new worker must read them before it lists a run's sites.
    await stopServiceWorker(browser, page);
    const { run } = await runAndWait(page);
    expect([...run.targetIds].sort()).toEqual(LAB_BUNDLE_PACK.kz.targets.map((t) => t.url).sort());
  });

  it("gives Tor Browser's download address from the bundle in the popup's advice", async () => {
    // example.lab.test: a news site of the bundle's pack, a blockpage by the bundle's fingerprint.
    const popup = await browser.openPage(
      `popup.html?site=${encodeURIComponent('https://example.lab.test/')}`,
    );
    const official = popup.locator('[data-card=tor-browser] a[data-kind=official-site]');
    await expect
      .poll(() => official.evaluateAll((links) => links.map((a) => a.getAttribute('href'))))
      .toContain(LAB_BUNDLE_TOR_DOWNLOAD);
    const hrefs = await popup
      .locator('a[href]')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs).not.toContain('https://www.torproject.org/download/');
    expect(hrefs.some((href) => href?.includes('block.lab.test'))).toBe(false);
    // The words around it are still the translated card's.
    expect(await official.first().textContent()).toContain('torproject.lab.test');
    await popup.close();
  });

  it('shows the version, its date and where it came from', async () => {
    const text = page.getByTestId('data-bundle-installed');
    await expect.poll(() => text.getAttribute('data-version')).toBe(String(lab.dataBundle.goodVersion));
    const shown = (await text.textContent()) ?? '';
    expect(shown).toContain(`version ${lab.dataBundle.goodVersion}`);
    expect(shown).toContain('bundle-good.lab.test');
    // createdAt is 2026-11-30 09:00 UTC; en's short date puts the year as "26".
    expect(shown).toMatch(/11\/30\/26|30\/11\/26|2026/);
  });

  it('keeps the good bundle against a genuine old one replayed, and against the same version again', async () => {
    await addEndpoint(endpoint('bundle-old.lab.test'));
    const oldIp = hostByName(lab.hosts, 'bundle-old.lab.test').ip;
    const before = lab.connections.filter((c) => c.address === oldIp).length;
    const lines = await refreshAndReport();
    expect(lines[0]).toBe(message('dataBundleResultCurrent'));
    expect(lines).toContain(`bundle-good.lab.test: ${message('dataBundleReasonSame')}`);
    expect(lines).toContain(`bundle-old.lab.test: ${message('dataBundleReasonOlder')}`);
    // The old bundle really was fetched (and refused), not skipped.
    expect(lab.connections.filter((c) => c.address === oldIp).length).toBeGreaterThan(before);
    expect(await installed()).toMatchObject({
      version: lab.dataBundle.goodVersion,
      source: endpoint('bundle-good.lab.test'),
    });
    await expect
      .poll(() => page.getByTestId('data-bundle-installed').getAttribute('data-version'))
      .toBe(String(lab.dataBundle.goodVersion));
  });
});
