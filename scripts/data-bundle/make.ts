/**
 * Making and signing a data bundle (lib/data-bundle/format.ts): Node's Ed25519 through the
 * release's own helpers (scripts/release/keys.ts), so there is one signing path in the project.
 */
import type { KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { shippedAdviceFacts } from '../../lib/advice';
import { SOURCE_FILES, type FingerprintRecord } from '../../lib/fingerprints';
import { shippedPacks } from '../../lib/targets';
import { signDetached } from '../release/keys';
import {
  PAYLOAD_FORMAT,
  SIGNED_FORMAT,
  type BundleContents,
  type BundlePayload,
  type SignedBundleFile,
} from '../../lib/data-bundle';

export function makeSignedBundle(
  input: { version: number; createdAt: string; contents: BundleContents },
  privateKey: KeyObject,
): string {
  const payload: BundlePayload = { format: PAYLOAD_FORMAT, ...input };
  const payloadText = JSON.stringify(payload);
  const signature = signDetached(Buffer.from(payloadText, 'utf8'), privateKey);
  const file: SignedBundleFile = {
    format: SIGNED_FORMAT,
    payload: payloadText,
    signature: signature.toString('base64'),
  };
  return `${JSON.stringify(file, null, 1)}\n`;
}

/** What public/data-bundle-keys.json lists: the 32 raw bytes of the public key, base64. */
export function rawPublicKeyBase64(publicKey: KeyObject): string {
  return publicKey.export({ type: 'spki', format: 'der' }).subarray(-32).toString('base64');
}

/**
 * The project's own data, as the bundle carries it: the data files, and the target packs
 * (lib/targets/packs) and the advice's links (lib/advice/cards.ts) as they are in this checkout —
 * edit those, run `npm run data:bundle`, and every Vantage gets them without a release.
 */
export function projectContents(repoRoot: string): BundleContents {
  return {
    packs: Object.fromEntries(
      shippedPacks().map((pack) => [
        pack.id,
        {
          sources: [...pack.sources],
          targets: pack.targets.map(({ url, name, category }) => ({ url, name, category })),
        },
      ]),
    ),
    advice: shippedAdviceFacts(),
    mirrors: JSON.parse(readFileSync(`${repoRoot}/data/mirrors/mirrorSites.json`, 'utf8')) as unknown,
    fingerprints: {
      http: SOURCE_FILES.http.flatMap((file) => readCsv(`${repoRoot}/data/fingerprints/${file}`)),
      dns: SOURCE_FILES.dns.flatMap((file) => readCsv(`${repoRoot}/data/fingerprints/${file}`)),
    },
  };
}

/** As scripts/compile-fingerprints.ts reads them: quoted patterns intact, nothing trimmed. */
function readCsv(path: string): FingerprintRecord[] {
  if (!existsSync(path)) return [];
  return parse(readFileSync(path, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    trim: false,
    bom: true,
  }) as FingerprintRecord[];
}
