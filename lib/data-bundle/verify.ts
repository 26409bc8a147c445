import { parseAdviceFacts, parseMirrorList, type AdviceFacts, type MirrorList } from '../advice';
import { parseBundleFingerprints } from './fingerprints';
import { parseBundlePacks, type BundlePacks } from './packs';
import { MAX_BUNDLE_BYTES, PAYLOAD_FORMAT, SIGNED_FORMAT, type BundleFingerprints } from './format';

/**
 * Is this downloaded file a bundle the project signed, and newer than the one installed? The
 * checks run in an order that never trusts a byte before it is vouched for:
 *  1. size (before parsing anything), 2. the envelope's shape, 3. the signature over the payload
 *  bytes with a key pinned in the extension, 4. the payload's shape and contents, 5. the version.
 * A censor or mirror operator can replay a genuine old bundle (it is validly signed): the
 * version check is what refuses it, so it comes after the signature, never instead of it.
 */
export type BundleRefusal =
  | 'too-large'
  | 'malformed'
  | 'bad-signature'
  | 'older'
  /** Same version as installed: nothing to do (not an error, but nothing is taken). */
  | 'same';

export type BundleCheck =
  | {
      ok: true;
      version: number;
      createdAt: string;
      mirrors?: MirrorList;
      fingerprints?: BundleFingerprints;
      packs?: BundlePacks;
      advice?: AdviceFacts;
    }
  | { ok: false; reason: BundleRefusal; detail: string };

/** Pinned keys are the 32 raw bytes of an Ed25519 public key, base64 (public/data-bundle-keys.json). */
export async function verifyBundle(
  bytes: Uint8Array,
  pinnedKeys: readonly string[],
  installedVersion: number,
): Promise<BundleCheck> {
  if (bytes.byteLength > MAX_BUNDLE_BYTES) {
    return refuse('too-large', `${bytes.byteLength} bytes > ${MAX_BUNDLE_BYTES}`);
  }
  let envelope: unknown;
  try {
    envelope = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    return refuse('malformed', `not JSON: ${String(error)}`);
  }
  if (
    !isRecord(envelope) ||
    envelope.format !== SIGNED_FORMAT ||
    typeof envelope.payload !== 'string' ||
    typeof envelope.signature !== 'string'
  ) {
    return refuse(
      'malformed',
      `expected {"format": "${SIGNED_FORMAT}", "payload": "...", "signature": "..."}`,
    );
  }
  const signature = fromBase64(envelope.signature);
  const payloadBytes = new TextEncoder().encode(envelope.payload);
  if (
    !signature ||
    signature.byteLength !== 64 ||
    !(await signedByAny(payloadBytes, signature, pinnedKeys))
  ) {
    return refuse('bad-signature', 'the signature does not match the payload under any pinned key');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(envelope.payload);
  } catch (error) {
    return refuse('malformed', `signed payload is not JSON: ${String(error)}`);
  }
  if (!isRecord(payload) || payload.format !== PAYLOAD_FORMAT || !isRecord(payload.contents)) {
    return refuse('malformed', `expected a payload with "format": "${PAYLOAD_FORMAT}" and "contents"`);
  }
  const { version, createdAt, contents } = payload;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    return refuse('malformed', `version must be a positive integer, not ${JSON.stringify(version)}`);
  }
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) {
    return refuse('malformed', `createdAt must be a date, not ${JSON.stringify(createdAt)}`);
  }
  let mirrors: MirrorList | undefined;
  if (contents.mirrors !== undefined) {
    const parsed = parseMirrorList(JSON.stringify(contents.mirrors));
    if (!parsed.ok) return refuse('malformed', `contents.mirrors: ${parsed.reason}: ${parsed.detail}`);
    mirrors = parsed.list;
  }
  let fingerprints: BundleFingerprints | undefined;
  if (contents.fingerprints !== undefined) {
    const parsed = parseBundleFingerprints(contents.fingerprints);
    if (!parsed.ok) return refuse('malformed', `contents.fingerprints: ${parsed.detail}`);
    fingerprints = parsed.tables;
  }
  let packs: BundlePacks | undefined;
  if (contents.packs !== undefined) {
    const parsed = parseBundlePacks(contents.packs);
    if (!parsed.ok) return refuse('malformed', `contents.${parsed.detail}`);
    packs = parsed.packs;
  }
  let advice: AdviceFacts | undefined;
  if (contents.advice !== undefined) {
    const parsed = parseAdviceFacts(contents.advice);
    if (!parsed.ok) return refuse('malformed', `contents.${parsed.detail}`);
    advice = parsed.facts;
  }
  if (version < installedVersion) {
    return refuse('older', `version ${version} is older than the installed ${installedVersion}`);
  }
  if (version === installedVersion) return refuse('same', `version ${version} is already installed`);
  return {
    ok: true,
    version,
    createdAt,
    ...(mirrors ? { mirrors } : {}),
    ...(fingerprints ? { fingerprints } : {}),
    ...(packs ? { packs } : {}),
    ...(advice ? { advice } : {}),
  };
}

async function signedByAny(
  data: Uint8Array<ArrayBuffer>,
  signature: Uint8Array<ArrayBuffer>,
  pinnedKeys: readonly string[],
): Promise<boolean> {
  for (const encoded of pinnedKeys) {
    const raw = fromBase64(encoded);
    if (!raw || raw.byteLength !== 32) continue;
    try {
      const key = await crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
      if (await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, data)) return true;
    } catch {
      // A key this browser cannot import verifies nothing; the next pinned key may.
    }
  }
  return false;
}

/** Strict base64 (no URL alphabet, no whitespace): anything else is not a signature or key. */
function fromBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

function refuse(reason: BundleRefusal, detail: string): BundleCheck {
  return { ok: false, reason, detail };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
