import {
  cleanPublisherName,
  fromBase64,
  MAX_PUBLISHER_NAME_CHARS,
  toBase64,
  type PackPublisher,
  type PackSigner,
} from '../../signing';
import { jsonForScript } from './pack-page';
import { createBlockWriter } from './block-writer';

/**
 * A pack's publisher signature (issue #16). The signature is one element at the end of the file:
 *
 *   <script type="application/json" id="vantage-pack-signature">
 *     {"v":1,"alg":"Ed25519","name":"…","publicKey":"<base64, 32 bytes>","signature":"<base64, 64 bytes>"}
 *   </script></body></html>
 *
 * What is signed: the UTF-8 bytes of SIGNED_CONTEXT, "\n", the name as a JSON string, "\n", the
 * public key as written, "\n", then the whole file exactly as it reads with that one element cut
 * out — every article body as embedded, the manifest, the page's script and policy. One byte
 * changed anywhere, or another name or key put in the header, and the signature no longer holds.
 *
 * The importing Vantage checks this itself with WebCrypto before it reads anything else in the
 * file; the pack's own script plays no part (anyone can edit it). A signature says who made the
 * pack, not that what it says is true.
 */
export const SIGNATURE_ID = 'vantage-pack-signature';
const SIGNED_CONTEXT = 'vantage-pack-signature-v1';
const SIGNED_CONTEXT_V2 = 'vantage-pack-signature-v2';
const SIGNATURE_OPEN_TAG = `<script type="application/json" id="${SIGNATURE_ID}">`;
const OPEN_TAG = SIGNATURE_OPEN_TAG;
/** What follows a version-2 signature element: nothing else may. */
export const SIGNED_TRAILER = '</script></body></html>';
const BLOCK = new RegExp(`${OPEN_TAG.replace(/[/]/g, '\\/')}([^<]*)</script>`, 'g');
// Any tag carrying the signature's id, however spelt: only markup counts, since an article's text
// that merely quotes the id has its "<" escaped in the file.
export const ANY_SIGNATURE_TAG = new RegExp(`<[a-z][^>]*\\bid\\s*=\\s*["']?${SIGNATURE_ID}\\b`, 'i');

export type SignatureCheck =
  | { ok: true; signer?: PackPublisher }
  | { ok: false; reason: 'bad-signature' | 'signature-malformed'; detail: string };

/** The exact bytes an Ed25519 signature of a pack covers. Pure. */
export function signedBytes(unsignedHtml: string, publisher: PackPublisher): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(
    `${SIGNED_CONTEXT}\n${JSON.stringify(publisher.name)}\n${publisher.publicKey}\n${unsignedHtml}`,
  );
}

/** The file with the signature element put just before its closing tags. */
export async function signPackHtml(unsignedHtml: string, signer: PackSigner): Promise<string> {
  const publisher = { name: cleanPublisherName(signer.name), publicKey: signer.publicKey };
  if (!publisher.name) throw new Error('a publisher name is needed to sign');
  const signature = new Uint8Array(
    await crypto.subtle.sign('Ed25519', signer.privateKey, signedBytes(unsignedHtml, publisher)),
  );
  const block =
    OPEN_TAG +
    jsonForScript({ v: 1, alg: 'Ed25519', ...publisher, signature: toBase64(signature) }) +
    '</script>';
  const end = unsignedHtml.lastIndexOf('</body>');
  const at = end >= 0 ? end : unsignedHtml.length;
  return unsignedHtml.slice(0, at) + block + unsignedHtml.slice(at);
}

/**
 * Check a pack file's signature, before anything in it is used. No signature element: unsigned
 * (ok, no signer). One well-formed element whose signature holds for the rest of the file: ok,
 * with the signer. Anything else — two elements, a damaged one, a signature that does not match
 * (an article edited, the name or key swapped) — is refused, and the caller imports nothing.
 */
export async function checkPackSignature(text: string): Promise<SignatureCheck> {
  const blocks = [...text.matchAll(BLOCK)];
  if (!blocks.length) {
    // The id without a well-formed element: a damaged signature, not an unsigned pack.
    return ANY_SIGNATURE_TAG.test(text)
      ? { ok: false, reason: 'signature-malformed', detail: 'signature element damaged' }
      : { ok: true };
  }
  if (blocks.length > 1) return { ok: false, reason: 'signature-malformed', detail: 'two signatures' };
  const block = blocks[0]!;
  const parsed = parseBlock(block[1]!);
  if (typeof parsed === 'string') return { ok: false, reason: 'signature-malformed', detail: parsed };
  // A version-2 signature is the file's last element; anything after it was added later.
  if (parsed.v !== 1) return { ok: false, reason: 'bad-signature', detail: 'text after the signature' };
  const unsigned = text.slice(0, block.index) + text.slice(block.index! + block[0].length);
  // A second, differently spelt element left in the rest would be read by no one; still, refuse.
  if (ANY_SIGNATURE_TAG.test(unsigned))
    return { ok: false, reason: 'signature-malformed', detail: 'two signatures' };
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('raw', parsed.key, { name: 'Ed25519' }, false, ['verify']);
  } catch {
    return { ok: false, reason: 'signature-malformed', detail: 'not an Ed25519 key' };
  }
  const publisher = { name: parsed.name, publicKey: parsed.publicKey };
  let valid = false;
  try {
    valid = await crypto.subtle.verify('Ed25519', key, parsed.signature, signedBytes(unsigned, publisher));
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'bad-signature', detail: 'content does not match its signature' };
  return { ok: true, signer: publisher };
}

function parseBlock(json: string):
  | {
      v: 1 | 2;
      name: string;
      publicKey: string;
      key: Uint8Array<ArrayBuffer>;
      signature: Uint8Array<ArrayBuffer>;
    }
  | string {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return 'signature is not JSON';
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'signature is not an object';
  const { v, alg, name, publicKey, signature } = raw as Record<string, unknown>;
  if (v !== 1 && v !== 2) return 'unknown signature version';
  if (alg !== 'Ed25519') return 'unknown signature algorithm';
  if (
    typeof name !== 'string' ||
    !name ||
    name.length > MAX_PUBLISHER_NAME_CHARS ||
    cleanPublisherName(name) !== name
  )
    return 'bad publisher name';
  const key = typeof publicKey === 'string' ? fromBase64(publicKey) : undefined;
  if (!key || key.length !== 32 || toBase64(key) !== publicKey) return 'bad public key';
  const sig = typeof signature === 'string' ? fromBase64(signature) : undefined;
  if (!sig || sig.length !== 64) return 'bad signature';
  return { v, name, publicKey, key, signature: sig };
}

/**
 * Version 2 (issue #17): the same Ed25519 key and trust, over bytes a streaming reader can hash.
 * The file is PREFIX + the signature element + SIGNED_TRAILER, the element last. Signed: the
 * UTF-8 bytes of SIGNED_CONTEXT_V2, "\n", the name as a JSON string, "\n", the public key as
 * written, "\n", the prefix's length in bytes, "\n", then the SHA-256 of each 1 MiB block of the
 * prefix in order (block-writer.ts). Changing any byte of the prefix changes its block's hash;
 * the length and the fixed trailer leave nothing to append or cut. Version 1 files still verify
 * (checkPackSignature).
 */
function signedBytesV2(
  publisher: PackPublisher,
  prefixBytes: number,
  digests: readonly Uint8Array[],
): Uint8Array<ArrayBuffer> {
  const head = new TextEncoder().encode(
    `${SIGNED_CONTEXT_V2}\n${JSON.stringify(publisher.name)}\n${publisher.publicKey}\n${prefixBytes}\n`,
  );
  const out = new Uint8Array(head.length + digests.length * 32);
  out.set(head, 0);
  digests.forEach((digest, n) => out.set(digest, head.length + n * 32));
  return out;
}

/** The version-2 signature element (without the trailer) for a prefix already hashed. */
export async function signatureElementV2(
  signer: PackSigner,
  prefixBytes: number,
  digests: readonly Uint8Array[],
): Promise<string> {
  const publisher = { name: cleanPublisherName(signer.name), publicKey: signer.publicKey };
  if (!publisher.name) throw new Error('a publisher name is needed to sign');
  const signature = new Uint8Array(
    await crypto.subtle.sign('Ed25519', signer.privateKey, signedBytesV2(publisher, prefixBytes, digests)),
  );
  return OPEN_TAG + jsonForScript({ v: 2, alg: 'Ed25519', ...publisher, signature: toBase64(signature) });
}

/**
 * The signature element at the very end of a file, read from its last bytes: a version-2
 * element gives where the signed prefix ends; anything else (a version-1 element, a damaged one)
 * is left to the whole-file check. Undefined when the file does not end in a signature element.
 */
export function trailingSignature(
  tail: string,
  fileBytes: number,
): { v: 2; prefixBytes: number; json: string } | { v: 'other' } | undefined {
  if (!tail.endsWith(SIGNED_TRAILER)) return undefined;
  const at = tail.lastIndexOf(OPEN_TAG);
  if (at < 0) return undefined;
  const json = tail.slice(at + OPEN_TAG.length, tail.length - SIGNED_TRAILER.length);
  const parsed = parseBlock(json);
  if (typeof parsed === 'string' || parsed.v !== 2) return { v: 'other' };
  const elementBytes = new TextEncoder().encode(tail.slice(at)).byteLength;
  return { v: 2, prefixBytes: fileBytes - elementBytes, json };
}

/** Check a version-2 signature against the prefix's block hashes, computed by the caller. */
export async function checkSignatureV2(
  json: string,
  prefixBytes: number,
  digests: readonly Uint8Array[],
): Promise<SignatureCheck> {
  const parsed = parseBlock(json);
  if (typeof parsed === 'string') return { ok: false, reason: 'signature-malformed', detail: parsed };
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('raw', parsed.key, { name: 'Ed25519' }, false, ['verify']);
  } catch {
    return { ok: false, reason: 'signature-malformed', detail: 'not an Ed25519 key' };
  }
  const publisher = { name: parsed.name, publicKey: parsed.publicKey };
  let valid = false;
  try {
    valid = await crypto.subtle.verify(
      'Ed25519',
      key,
      parsed.signature,
      signedBytesV2(publisher, prefixBytes, digests),
    );
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'bad-signature', detail: 'content does not match its signature' };
  return { ok: true, signer: publisher };
}

/**
 * A finished unsigned version-2 file signed as the exporter does it (its closing tags replaced
 * by the signature element and the trailer). For files made outside exportPack: tests, tools.
 */
export async function signPackFile(unsignedHtml: string, signer: PackSigner): Promise<string> {
  const prefix = unsignedHtml.replace(/<\/body><\/html>\s*$/, '');
  const out = createBlockWriter({ hash: true });
  out.write(prefix);
  const { bytes, digests } = await out.finish();
  return prefix + (await signatureElementV2(signer, bytes, digests)) + SIGNED_TRAILER;
}
