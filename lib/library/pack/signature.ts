import {
  cleanPublisherName,
  fromBase64,
  MAX_PUBLISHER_NAME_CHARS,
  toBase64,
  type PackPublisher,
  type PackSigner,
} from '../../signing';
import { jsonForScript } from './pack-page';

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
const SIGNATURE_ID = 'vantage-pack-signature';
const SIGNED_CONTEXT = 'vantage-pack-signature-v1';
const OPEN_TAG = `<script type="application/json" id="${SIGNATURE_ID}">`;
const BLOCK = new RegExp(`${OPEN_TAG.replace(/[/]/g, '\\/')}([^<]*)</script>`, 'g');
// Any tag carrying the signature's id, however spelt: only markup counts, since an article's text
// that merely quotes the id has its "<" escaped in the file.
const ANY_SIGNATURE_TAG = new RegExp(`<[a-z][^>]*\\bid\\s*=\\s*["']?${SIGNATURE_ID}\\b`, 'i');

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

function parseBlock(
  json: string,
):
  | { name: string; publicKey: string; key: Uint8Array<ArrayBuffer>; signature: Uint8Array<ArrayBuffer> }
  | string {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return 'signature is not JSON';
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'signature is not an object';
  const { v, alg, name, publicKey, signature } = raw as Record<string, unknown>;
  if (v !== 1) return 'unknown signature version';
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
  return { name, publicKey, key, signature: sig };
}
