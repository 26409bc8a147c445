import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RefreshReport } from '../../lib/library';
import { keyFingerprint } from '../../lib/signing';
import { createLibrarySites, LAB_PHOTO_TITLE, type LibrarySites } from '../lab';
import { axeViolations } from './harness/axe';
import { launchChromium, type ChromiumSession } from './harness/chromium';
import { closeInstallRun, send } from './harness/extension-api';
import { labPreset, scenarioSiteTargets } from './harness/lab-preset';
import { startLabSession, type LabSession } from './harness/session';

// Signed offline packs in real Chromium (issue #16): a publisher signs a pack with the key
// Vantage makes for them (WebCrypto Ed25519); a friend's fresh profile refuses a copy a stranger
// edited (nothing imported), imports the genuine one as "signed by an unknown key", trusts it and
// then sees the publisher's name — in the reader and the popup. "Wipe everything" removes the
// publisher's own key and the friend's trusted keys.

let session: LabSession;
let friend: ChromiumSession | undefined;
let member: ChromiumSession | undefined;
let publicKey: string;
let dir: string;
let packPath: string;
let fingerprint: string;
const sites: LibrarySites = createLibrarySites();
const PUBLISHER = 'Kazakh Digital Rights';
const photo = 'https://azattyq.lab.test/articles/lab-photo';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vantage-signed-pack-'));
  session = await startLabSession({ lab: { library: sites } });
  const page = await session.browser.openPage('options.html');
  const imported = await send(page, 'importSettings', {
    json: labPreset(scenarioSiteTargets(session.lab), { requestTimeoutMs: 3_000 }),
  });
  expect(imported.ok).toBe(true);
  await closeInstallRun(page);
  const added = await send(page, 'libraryAddSource', { url: 'https://azattyq.lab.test/news/', kind: 'feed' });
  if (!added.ok) throw new Error(added.reason);
  const report: RefreshReport = await send(page, 'libraryRefresh', { sourceIds: [added.source.id] });
  expect(report.sources[0]).toMatchObject({ ok: true, saved: 4 });
  await page.close();
});
afterAll(async () => {
  await friend?.close();
  await member?.close();
  await session?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The extension's IndexedDB databases, as an extension page sees them (read only). */
const databases = (page: Page) =>
  page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name ?? '').sort());

async function wipe(browser: ChromiumSession): Promise<string[]> {
  const options = await browser.openPage('options.html');
  await options.getByTestId('wipe').click();
  await options.getByTestId('wipe-confirm').click();
  await expect
    .poll(() => options.getByTestId('wiped').locator('h1').textContent())
    .toBe('Everything is gone');
  const left = await databases(options);
  await options.close();
  return left;
}

describe('signed offline packs (Chromium)', () => {
  it('the publisher signs an export with a key made on first use, under the name they give', async () => {
    const reader = await session.browser.openPage('reader.html');
    await reader.getByTestId('pack-export').waitFor();
    expect(await reader.getByTestId('pack-own-key').count()).toBe(0);
    await reader.getByTestId('pack-sign').check();
    // No name yet: nothing is made, the user is asked for one.
    await reader.getByTestId('pack-export').click();
    await expect
      .poll(() => reader.getByTestId('pack-export-status').textContent())
      .toBe('Give a publisher name first: it is written in every pack you sign.');
    await reader.getByTestId('pack-publisher-name').fill(PUBLISHER);
    const [download] = await Promise.all([
      reader.waitForEvent('download'),
      reader.getByTestId('pack-export').click(),
    ]);
    packPath = join(dir, 'signed.html');
    await download.saveAs(packPath);
    const html = readFileSync(packPath, 'utf8');
    const header = /id="vantage-pack-signature">(\{[^<]+\})<\/script><\/body><\/html>$/.exec(html);
    expect(header).not.toBeNull();
    const block = JSON.parse(header![1]!) as { name: string; publicKey: string; alg: string };
    expect(block).toMatchObject({ name: PUBLISHER, alg: 'Ed25519' });
    fingerprint = await keyFingerprint(block.publicKey);
    publicKey = block.publicKey;
    expect(fingerprint).toMatch(/^\d{5}( \d{5}){4}$/);
    await expect
      .poll(() => reader.getByTestId('pack-export-status').textContent())
      .toMatch(new RegExp(`^Saved 4 articles .* Signed as ${PUBLISHER} · ${fingerprint}\\.$`));
    await expect
      .poll(() => reader.getByTestId('pack-own-key').textContent())
      .toBe(`Your publisher key: ${PUBLISHER} · ${fingerprint}`);
    await reader.close();
  });

  it('a copy a stranger edited is refused whole in a fresh profile: a clear message, nothing imported', async () => {
    const html = readFileSync(packPath, 'utf8');
    // One word of one article changed, the signature left as it was.
    const tampered = html.replace('Алматы тұрғындары', 'Алматы тұрғыны');
    expect(tampered).not.toBe(html);
    writeFileSync(join(dir, 'tampered.html'), tampered);
    friend = await launchChromium({ resolverRules: session.lab.resolverRules, home: session.home });
    const reader = await friend.openPage('reader.html');
    await reader.getByTestId('library-empty').waitFor();
    await reader.getByTestId('pack-import').setInputFiles(join(dir, 'tampered.html'));
    await expect
      .poll(() => reader.getByTestId('pack-import-status').textContent(), { timeout: 30_000 })
      .toBe(
        "Nothing was imported: the pack's content does not match its signature — someone changed it after it was signed",
      );
    await reader.reload();
    await reader.getByTestId('library-empty').waitFor();
    expect(await reader.getByTestId('article-item').count()).toBe(0);
    await reader.close();
  });

  it('the genuine pack: "signed by an unknown key · fingerprint"; trusted → "signed by <name>", reader and popup', async () => {
    const reader = await friend!.openPage('reader.html');
    await reader.getByTestId('pack-import').setInputFiles(packPath);
    await expect
      .poll(() => reader.getByTestId('pack-import-summary').textContent(), { timeout: 30_000 })
      .toBe('Imported 4 articles; 0 were already in your library; 0 were refused.');
    await expect
      .poll(() => reader.getByTestId('pack-import-status').getByTestId('pack-signature-label').textContent())
      .toBe(`Signed by an unknown key · ${fingerprint}`);

    const popup = await friend!.openPage(`popup.html?site=${encodeURIComponent(photo)}`);
    await expect
      .poll(() => popup.getByTestId('cached-copy').textContent())
      .toBe(`Read the copy from a pack signed by an unknown key · ${fingerprint}`);
    await popup.close();

    await reader.getByRole('link', { name: LAB_PHOTO_TITLE }).click();
    const view = reader.getByTestId('article-view');
    const label = view.getByTestId('pack-signature-label');
    await expect.poll(() => label.textContent()).toBe(`Signed by an unknown key · ${fingerprint}`);
    await expect
      .poll(() => view.getByTestId('pack-signature').textContent())
      .toContain(`The key calls itself “${PUBLISHER}”`);
    expect(await axeViolations(reader)).toEqual([]);
    await view.getByTestId('pack-trust-name').fill('KDR (from Aigerim)');
    await view.getByTestId('pack-trust').click();
    await expect.poll(() => label.textContent()).toBe(`Signed by KDR (from Aigerim) · ${fingerprint}`);

    const after = await friend!.openPage(`popup.html?site=${encodeURIComponent(photo)}`);
    await expect
      .poll(() => after.getByTestId('cached-copy').textContent())
      .toBe(`Read the copy from a pack signed by KDR (from Aigerim) · ${fingerprint}`);
    await after.close();
    await reader.close();
  });

  it("an organisation's settings file only suggests its key; the member trusts it on the options page, and can stop", async () => {
    member = await launchChromium({ resolverRules: session.lab.resolverRules, home: session.home });
    const options = await member.openPage('options.html');
    const file = join(dir, 'kdr-settings.json');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'vantage-settings',
        version: 1,
        settings: {},
        packKeys: [{ name: PUBLISHER, publicKey }],
      }),
    );
    await options.locator('#settings-file-input').setInputFiles(file);
    await expect
      .poll(() => options.getByTestId('import-pack-keys').locator('p').first().textContent())
      .toBe(`This file suggests trusting packs signed by “${PUBLISHER}” · ${fingerprint}. Trust this key`);

    // Not trusted by the import: a pack imported now is from an unknown key.
    const reader = await member.openPage('reader.html');
    await reader.getByTestId('pack-import').setInputFiles(packPath);
    await expect
      .poll(
        () => reader.getByTestId('pack-import-status').getByTestId('pack-signature-label').textContent(),
        {
          timeout: 30_000,
        },
      )
      .toBe(`Signed by an unknown key · ${fingerprint}`);

    await options.getByTestId('trust-pack-key').click();
    await expect
      .poll(() => options.getByTestId('import-accepted').textContent())
      .toBe(`You now trust packs signed by ${PUBLISHER}.`);
    await reader.reload();
    await reader.getByRole('link', { name: LAB_PHOTO_TITLE }).click();
    await expect
      .poll(() => reader.getByTestId('article-view').getByTestId('pack-signature-label').textContent())
      .toBe(`Signed by ${PUBLISHER} · ${fingerprint}`);

    // Trust can be taken back: "Stop trusting" in the reader, and the key is unknown again.
    await reader.getByRole('button', { name: /Back to the library/ }).click();
    const keys = reader.getByTestId('pack-trusted-keys');
    await keys.locator('summary').click();
    await expect.poll(() => keys.locator('li').textContent()).toContain(`${PUBLISHER} · ${fingerprint}`);
    await keys.getByRole('button', { name: 'Stop trusting' }).click();
    await expect.poll(() => keys.textContent()).toContain('You trust no publisher keys yet.');
    await reader.getByRole('link', { name: LAB_PHOTO_TITLE }).click();
    await expect
      .poll(() => reader.getByTestId('article-view').getByTestId('pack-signature-label').textContent())
      .toBe(`Signed by an unknown key · ${fingerprint}`);
    await reader.close();
    await options.close();
  });

  it('"Wipe everything" removes the trusted keys and the publisher\'s own key', async () => {
    const check = await friend!.openPage('reader.html');
    expect(await databases(check)).toContain('vantage-keys');
    await check.close();
    expect(await wipe(friend!)).toEqual([]);
    expect(await wipe(session.browser)).toEqual([]);

    // Opened again, neither profile knows any key: the publisher would be asked for a name anew.
    const reader = await session.browser.openPage('reader.html');
    await reader.getByTestId('pack-trusted-keys').waitFor();
    await reader.getByTestId('pack-sign').check();
    await reader.getByTestId('pack-publisher-name').waitFor();
    expect(await reader.getByTestId('pack-own-key').count()).toBe(0);
    await reader.close();
    const friendReader = await friend!.openPage('reader.html');
    await friendReader.getByTestId('pack-trusted-keys').locator('summary').click();
    await expect
      .poll(() => friendReader.getByTestId('pack-trusted-keys').textContent())
      .toContain('You trust no publisher keys yet.');
    await friendReader.close();
  });
});
