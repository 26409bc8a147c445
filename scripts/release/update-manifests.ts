/**
 * What a self-hosted install checks for updates: Chrome's update.xml (for a CRX installed outside
 * the store, https://developer.chrome.com/docs/extensions/how-to/distribute/host-on-linux#update_manifest)
 * and Firefox's updates.json (for an add-on signed unlisted on AMO,
 * https://extensionworkshop.com/documentation/manage/updating-your-extension/).
 */
import { createHash } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/**
 * Chrome's extension id: the first 128 bits of SHA-256 of the public key (DER SubjectPublicKeyInfo),
 * each hex digit 0-f written as a letter a-p (components/crx_file/id_util.cc).
 */
export function chromeExtensionId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const hex = createHash('sha256').update(der).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');
}

function xmlAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

export function chromeUpdateXml(input: { appId: string; version: string; crxUrl: string }): string {
  return [
    "<?xml version='1.0' encoding='UTF-8'?>",
    "<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>",
    `  <app appid='${xmlAttribute(input.appId)}'>`,
    `    <updatecheck codebase='${xmlAttribute(input.crxUrl)}' version='${xmlAttribute(input.version)}' />`,
    '  </app>',
    '</gupdate>',
    '',
  ].join('\n');
}

export interface FirefoxUpdate {
  version: string;
  update_link: string;
  /** Optional over https; given when the signed XPI is in the release so it is pinned too. */
  update_hash?: string;
  applications: { gecko: { strict_min_version: string } };
}

export function firefoxUpdatesJson(input: {
  geckoId: string;
  version: string;
  xpiUrl: string;
  strictMinVersion: string;
  xpiSha256?: string;
}): string {
  const update: FirefoxUpdate = {
    version: input.version,
    update_link: input.xpiUrl,
    ...(input.xpiSha256 ? { update_hash: `sha256:${input.xpiSha256}` } : {}),
    applications: { gecko: { strict_min_version: input.strictMinVersion } },
  };
  return `${JSON.stringify({ addons: { [input.geckoId]: { updates: [update] } } }, null, 2)}\n`;
}

/** `base` + file name, with exactly one slash between them. */
export function releaseUrl(base: string, file: string): string {
  return `${base.replace(/\/+$/, '')}/${encodeURIComponent(file)}`;
}
