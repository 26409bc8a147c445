import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { makeSignedBundle, rawPublicKeyBase64 } from '../../scripts/data-bundle/make';
import { labMirrorList } from './api';
import type { LabHost } from './hosts';

/**
 * Data-bundle endpoints (issue #16 part 3), played as the static hosting a maintainer would use
 * (GitHub Pages, an S3 bucket, a mirror operator's nginx): a GET of the file's path answers
 * `200` with the stored bytes and `Content-Type: application/json`, any other path `404` — the
 * host does not know or care what the file means. What the adversary controls is *which bytes*
 * that host stores:
 *  - 'good': the current bundle, signed by the lab's project key.
 *  - 'tampered': a newer-looking bundle (version 9) whose payload was edited after signing —
 *    a censor or mirror operator pointing a site's mirror, a pack entry and Tor Browser's
 *    download link at a host of its own.
 *  - 'old': a genuine bundle of an earlier version, replayed as is (validly signed).
 *  - 'missing': a host where the file was never published (or was taken down): 404.
 * An unreachable endpoint is an ordinary 'refused' host (nothing listens: connection refused).
 */
export type BundleVariant = 'good' | 'tampered' | 'old' | 'missing';

/** The path every endpoint publishes the file at. */
export const LAB_BUNDLE_PATH = '/vantage-data.json';

export interface LabDataBundle {
  /** The key to pin in a test build (public/data-bundle-keys.json's `keys`), raw base64. */
  publicKey: string;
  goodVersion: number;
  oldVersion: number;
  tamperedVersion: number;
  createdAt: string;
  /** The bytes each variant's host stores. */
  files: Record<Exclude<BundleVariant, 'missing'>, string>;
}

/**
 * A fingerprint only the bundle carries (never in data/fingerprints), so a test can tell that the
 * engine uses the bundle's set. It claims example.lab.test's ordinary page is a blockpage: the
 * lab server still answers as a site does; only the signed data says otherwise.
 */
export const LAB_BUNDLE_FINGERPRINT = 'lab.bundle_only_example';
const LAB_BUNDLE_FINGERPRINTS = {
  http: [
    {
      name: LAB_BUNDLE_FINGERPRINT,
      scope: 'nat',
      location_found: 'body',
      pattern_type: 'contains',
      pattern: 'News from example.lab.test',
      confidence_no_fp: '10',
      expected_countries: 'ZZ',
    },
  ],
  dns: [],
};

/**
 * A Kazakhstan pack only the bundle carries: lab sites instead of the shipped pack's real ones, so
 * a test can tell that a run checks the bundle's list (and a run never leaves the machine).
 * example.lab.test is filed as news, and the bundle's own fingerprint calls its page a blockpage.
 */
export const LAB_BUNDLE_PACK = {
  kz: {
    sources: ['https://clean.lab.test/sources/kz'],
    targets: [
      { url: 'https://example.lab.test/', name: 'Example News (lab)', category: 'news' },
      { url: 'https://clean.lab.test/', name: 'Clean (lab)', category: 'control-global' },
      { url: 'https://wikipedia.lab.test/', name: 'Wikipedia (lab)', category: 'control-global' },
      { url: 'https://egov.lab.test/', name: 'eGov (lab)', category: 'control-domestic' },
    ],
  },
};

/** Tor Browser's download page as the bundle has it: moved (to a lab host), the GetTor address kept. */
export const LAB_BUNDLE_TOR_DOWNLOAD = 'https://torproject.lab.test/download/';
const LAB_BUNDLE_ADVICE = {
  links: {
    'tor-browser': [
      { kind: 'official-site', url: LAB_BUNDLE_TOR_DOWNLOAD, labelKey: 'adviceLinkOfficialSite' },
      { kind: 'email-autoresponder', url: 'mailto:gettor@torproject.org', labelKey: 'adviceLinkGettorEmail' },
    ],
  },
};

export function createLabDataBundle(hosts: readonly LabHost[]): LabDataBundle {
  // A throw-away project key, made per lab start, as `npm run data:bundle` does without a key.
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const createdAt = '2026-11-30T09:00:00.000Z';
  const contents = {
    mirrors: labMirrorList(hosts),
    fingerprints: LAB_BUNDLE_FINGERPRINTS,
    packs: LAB_BUNDLE_PACK,
    advice: LAB_BUNDLE_ADVICE,
  };
  const sign = (version: number, key: KeyObject = privateKey) =>
    makeSignedBundle({ version, createdAt, contents }, key);
  // The censor's edits: a mirror, a pack entry and Tor's download page, all pointed at its host.
  const tampered = sign(9)
    .replace('https://clean.lab.test/mirror/', 'https://block.lab.test/mirror/')
    .replace('https://egov.lab.test/', 'https://block.lab.test/')
    .replace(LAB_BUNDLE_TOR_DOWNLOAD, 'https://block.lab.test/download/');
  for (const edit of ['block.lab.test/mirror/', '"https://block.lab.test/\\"', 'block.lab.test/download/'])
    if (!tampered.includes(edit)) throw new Error(`the tampered bundle did not change: ${edit}`);
  return {
    publicKey: rawPublicKeyBase64(publicKey),
    goodVersion: 5,
    oldVersion: 3,
    tamperedVersion: 9,
    createdAt,
    files: { good: sign(5), old: sign(3), tampered },
  };
}

export function handleDataBundle(
  bundle: LabDataBundle,
  variant: BundleVariant,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const path = new URL(req.url ?? '/', 'https://x').pathname;
  if (variant === 'missing' || path !== LAB_BUNDLE_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) {
    return void res
      .writeHead(404, { 'content-type': 'text/html; charset=utf-8' })
      .end('<h1>404 Not Found</h1>');
  }
  const body = Buffer.from(bundle.files[variant], 'utf8');
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(body.length),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
