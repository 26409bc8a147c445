import { MANIFEST_ID, PACK_LIMITS } from './format';
import { createBlockHasher } from './block-writer';
import type { PackPublisher } from '../../signing';
import type { ImportFailure } from './format';
import {
  ANY_SIGNATURE_TAG,
  checkPackSignature,
  checkSignatureV2,
  trailingSignature,
  type SignatureCheck,
} from './signature';

/**
 * The first of an import's two passes over a pack (issue #17): one streaming read that checks a
 * version-2 signature over every byte (block hashes, signature.ts) and finds the manifest, before
 * any article is read. Only the manifest and a 1 MiB block are held. A file this pass cannot
 * settle — a version-1 signature (its check needs the whole text), a signature element that is
 * not at the end, no manifest where a version-2 file has it — is left to the whole-file path,
 * which keeps its 100 MB cap.
 */
export type PackHead =
  | { kind: 'stream'; manifestText: string; prefixBytes: number; signer?: PackPublisher }
  | { kind: 'whole' }
  | { kind: 'refused'; failure: ImportFailure };

/** The signature element is at most a few hundred bytes; the tail read to find it is bounded. */
const TAIL_BYTES = 16 * 1024;
const MANIFEST_OPEN = `<script type="application/json" id="${MANIFEST_ID}">`;
/** How much text is kept across pieces so a signature tag split between two is still seen. */
const TAG_OVERLAP = 4096;

export async function readPackHead(file: Blob): Promise<PackHead> {
  const tail = await file.slice(Math.max(0, file.size - TAIL_BYTES)).text();
  const trailing = trailingSignature(tail, file.size);
  if (trailing?.v === 'other') return { kind: 'whole' };
  const signed = trailing?.v === 2 ? trailing : undefined;
  const prefixBytes = signed ? signed.prefixBytes : file.size;
  if (prefixBytes < 0) return { kind: 'whole' };
  const hasher = signed ? createBlockHasher() : undefined;
  let carry = '';
  let seeking = '';
  let manifest: string | undefined;
  let manifestDone = false;
  let verdict: PackHead | undefined;
  await readText(
    file.slice(0, prefixBytes),
    (text) => {
      if (verdict) return;
      const window = carry + text;
      if (ANY_SIGNATURE_TAG.test(window)) {
        // A second signature in a version-2 file is refused; in a file without one at the end,
        // the whole-file check decides (a version-1 element elsewhere, or a damaged one).
        verdict = signed
          ? {
              kind: 'refused',
              failure: { ok: false, reason: 'signature-malformed', detail: 'two signatures' },
            }
          : { kind: 'whole' };
        return;
      }
      carry = window.slice(-TAG_OVERLAP);
      if (manifestDone) return;
      if (manifest === undefined) {
        seeking += text;
        const at = seeking.indexOf(MANIFEST_OPEN);
        if (at < 0) {
          seeking = seeking.slice(-MANIFEST_OPEN.length);
          return;
        }
        manifest = seeking.slice(at + MANIFEST_OPEN.length);
        seeking = '';
      } else manifest += text;
      const end = manifest.indexOf('</script');
      if (end >= 0) {
        manifest = manifest.slice(0, end);
        manifestDone = true;
      } else if (manifest.length > PACK_LIMITS.manifestChars)
        verdict = {
          kind: 'refused',
          failure: { ok: false, reason: 'malformed', detail: 'manifest too large' },
        };
    },
    hasher ? (bytes) => hasher.push(bytes) : undefined,
  );
  if (verdict) return verdict;
  if (!manifestDone || manifest === undefined) {
    if (signed)
      return { kind: 'refused', failure: { ok: false, reason: 'not-a-pack', detail: 'no manifest' } };
    return { kind: 'whole' };
  }
  if (!signed || !hasher) return { kind: 'stream', manifestText: manifest, prefixBytes };
  const { bytes, digests } = await hasher.finish();
  const check = await checkSignatureV2(signed.json, bytes, digests);
  if (!check.ok)
    return { kind: 'refused', failure: { ok: false, reason: check.reason, detail: check.detail } };
  return {
    kind: 'stream',
    manifestText: manifest,
    prefixBytes,
    ...(check.signer ? { signer: check.signer } : {}),
  };
}

/** A Blob's text as it streams, piece by piece (and its bytes, for hashing), never whole. */
export async function readText(
  blob: Blob,
  onText: (text: string) => void | Promise<void>,
  onBytes?: (bytes: Uint8Array) => void,
): Promise<void> {
  const reader = blob.stream().getReader();
  const decoder = new TextDecoder('utf-8');
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    onBytes?.(value);
    const text = decoder.decode(value, { stream: true });
    if (text) await onText(text);
  }
  const rest = decoder.decode();
  if (rest) await onText(rest);
}

/** A pack file's signature checked as an import checks it, whichever version it is. */
export async function checkPackFile(file: Blob): Promise<SignatureCheck> {
  const head = await readPackHead(file);
  if (head.kind === 'stream') return { ok: true, ...(head.signer ? { signer: head.signer } : {}) };
  if (head.kind === 'whole') return checkPackSignature(await file.text());
  const { reason, detail } = head.failure;
  return reason === 'bad-signature' || reason === 'signature-malformed'
    ? { ok: false, reason, detail: detail ?? '' }
    : { ok: true };
}
