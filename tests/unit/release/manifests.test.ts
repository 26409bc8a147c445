import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  chromeExtensionId,
  chromeUpdateXml,
  firefoxUpdatesJson,
  releaseUrl,
} from '../../../scripts/release/update-manifests';
import { withUpdateUrl } from '../../../scripts/release/build';

describe('update manifests for self-hosting', () => {
  it("names the CRX key's id and the CRX address in update.xml (Chrome's gupdate format)", () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const appId = chromeExtensionId(publicKey);
    expect(appId).toMatch(/^[a-p]{32}$/);
    const xml = chromeUpdateXml({
      appId,
      version: '1.2.3',
      crxUrl: releaseUrl('https://mirror.example/v/', 'vantage-1.2.3-chrome.crx'),
    });
    expect(xml).toBe(
      [
        "<?xml version='1.0' encoding='UTF-8'?>",
        "<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>",
        `  <app appid='${appId}'>`,
        "    <updatecheck codebase='https://mirror.example/v/vantage-1.2.3-chrome.crx' version='1.2.3' />",
        '  </app>',
        '</gupdate>',
        '',
      ].join('\n'),
    );
  });

  it('escapes a base URL that would break out of the XML attribute', () => {
    const xml = chromeUpdateXml({ appId: 'a'.repeat(32), version: '1', crxUrl: "https://x/?a=1&b='<" });
    expect(xml).toContain("codebase='https://x/?a=1&amp;b=&apos;&lt;'");
    expect(xml).not.toContain("b='<");
  });

  it("writes updates.json in Mozilla's shape, with the XPI hash once the signed XPI exists", () => {
    const base = {
      geckoId: 'vantage@vantage-probe.org',
      version: '1.2.3',
      xpiUrl: 'https://mirror.example/v/vantage-1.2.3-firefox.xpi',
      strictMinVersion: '142.0',
    };
    expect(JSON.parse(firefoxUpdatesJson(base))).toEqual({
      addons: {
        'vantage@vantage-probe.org': {
          updates: [
            {
              version: '1.2.3',
              update_link: 'https://mirror.example/v/vantage-1.2.3-firefox.xpi',
              applications: { gecko: { strict_min_version: '142.0' } },
            },
          ],
        },
      },
    });
    const withHash = JSON.parse(firefoxUpdatesJson({ ...base, xpiSha256: 'f'.repeat(64) }));
    expect(withHash.addons['vantage@vantage-probe.org'].updates[0].update_hash).toBe(
      `sha256:${'f'.repeat(64)}`,
    );
  });

  it('points the self-hosted manifests at the update files, and refuses a Firefox manifest without a gecko id', () => {
    const chrome = JSON.parse(withUpdateUrl('{"name":"x"}', 'chrome', 'https://m/update.xml').toString());
    expect(chrome).toEqual({ name: 'x', update_url: 'https://m/update.xml' });
    const firefox = JSON.parse(
      withUpdateUrl(
        '{"browser_specific_settings":{"gecko":{"id":"vantage@vantage-probe.org"}}}',
        'firefox',
        'https://m/updates.json',
      ).toString(),
    );
    expect(firefox.browser_specific_settings.gecko).toEqual({
      id: 'vantage@vantage-probe.org',
      update_url: 'https://m/updates.json',
    });
    expect(() => withUpdateUrl('{"name":"x"}', 'firefox', 'https://m/updates.json')).toThrow(/gecko/);
  });
});
