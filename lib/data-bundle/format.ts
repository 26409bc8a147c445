/**
 * The data bundle (issue #16 part 3): the data Vantage refreshes between releases, as ONE signed,
 * versioned file. Wire format (docs/distribution.md#data-bundle):
 *
 *   { "format": "vantage-data-bundle-signed",
 *     "payload": "<the bundle as JSON text — exactly the bytes that were signed, UTF-8>",
 *     "signature": "<base64 of the 64-byte Ed25519 signature of payload>" }
 *
 * and the payload, once its signature checks out:
 *
 *   { "format": "vantage-data-bundle", "version": 7, "createdAt": "2026-12-05T06:00:00.000Z",
 *     "contents": { "mirrors": <a bypass-mirrors v2 list>, "fingerprints": {"http": [...], "dns": [...]},
 *                   "packs": {"kz": {"targets": [...]}, ...}, "advice": {"links": {...}} } }
 *
 * The payload travels as a string so that what is verified is exactly what was signed: no
 * re-serialisation, key order or whitespace question between the maker and the browser.
 */
import type { AdviceFacts, MirrorList } from '../advice';
import type { DnsFingerprintRow, HttpFingerprintRow } from '../fingerprints/types';
import type { PackUpdate } from '../targets';

export const SIGNED_FORMAT = 'vantage-data-bundle-signed';
export const PAYLOAD_FORMAT = 'vantage-data-bundle';

/**
 * The mirror list alone is ~85 KB and capped at 2 MB (lib/advice/mirrors.ts); 4 MB leaves room
 * for the other contents and still stops a hostile endpoint from filling memory or storage.
 */
export const MAX_BUNDLE_BYTES = 4 * 1024 * 1024;

export interface SignedBundleFile {
  format: typeof SIGNED_FORMAT;
  payload: string;
  signature: string;
}

export interface BundlePayload {
  format: typeof PAYLOAD_FORMAT;
  /** Monotonic: a bundle is taken only when its version is above the installed one. */
  version: number;
  /** ISO 8601, when the maintainer made it (shown on the options page). */
  createdAt: string;
  contents: BundleContents;
}

/** What the bundle carries, as published. Each part is optional: a bundle may update only some. */
export interface BundleContents {
  /** bypass-mirrors v2 (`{sites: [...]}`), the format of data/mirrors/mirrorSites.json. */
  mirrors?: unknown;
  /** Blockpage fingerprints as CSV records (`{http: [...], dns: [...]}`), as in data/fingerprints. */
  fingerprints?: unknown;
  /** Target packs by id (`{"kz": {"sources": [...], "targets": [{url, name, category}]}}`), lib/data-bundle/packs.ts. */
  packs?: unknown;
  /** The advice's facts that change (`{"links": {"<card id>": [...]}}`), lib/advice/facts.ts. */
  advice?: unknown;
}

/** Compiled blockpage fingerprints (lib/data-bundle/fingerprints.ts says how they are made). */
export interface BundleFingerprints {
  http: HttpFingerprintRow[];
  dns: DnsFingerprintRow[];
}

/** A verified bundle as installed in storage.local: contents already parsed and checked. */
export interface InstalledBundle {
  version: number;
  createdAt: string;
  /** The endpoint it came from. */
  source: string;
  /** When this browser took it (ms since the epoch). */
  installedAt: number;
  mirrors?: MirrorList;
  /** Compiled (lib/fingerprints/compile.ts) when the bundle was taken. */
  fingerprints?: BundleFingerprints;
  /** Checked target packs, each replacing the shipped pack of its id (lib/targets/packs). */
  packs?: Record<string, PackUpdate>;
  /** Checked advice facts (lib/advice/facts.ts). */
  advice?: AdviceFacts;
}
