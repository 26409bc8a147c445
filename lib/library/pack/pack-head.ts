import { MANIFEST_ID, PACK_LIMITS } from './format';
import { createBlockHasher } from './block-writer';
import type { PackPublisher } from '../../signing';
import type { ImportFailure } from './format';
import {
  ANY_SIGNATURE_TAG,
  SIGNATURE_ID,
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
/**
 * How much of the file before a piece is kept to read a signature tag that starts in it: the
 * text check's window (4,096 characters before each piece, as every earlier build read it) is at
 * most 12,288 bytes of UTF-8.
 */
const HISTORY_BYTES = 16 * 1024;
const encoder = new TextEncoder();
const MANIFEST_OPEN_BYTES = encoder.encode(MANIFEST_OPEN);
const SCRIPT_CLOSE = '</script';
/** The signature's id, lowercase: ANY_SIGNATURE_TAG cannot match where these bytes are not. */
const SIGNATURE_ID_BYTES = encoder.encode(SIGNATURE_ID);
const DASH = 0x2d;
const OVERLAP = Math.max(SIGNATURE_ID_BYTES.length, MANIFEST_OPEN_BYTES.length) - 1;

export async function readPackHead(file: Blob): Promise<PackHead> {
  const tail = await file.slice(Math.max(0, file.size - TAIL_BYTES)).text();
  const trailing = trailingSignature(tail, file.size);
  if (trailing?.v === 'other') return { kind: 'whole' };
  const signed = trailing?.v === 2 ? trailing : undefined;
  const prefixBytes = signed ? signed.prefixBytes : file.size;
  if (prefixBytes < 0) return { kind: 'whole' };
  const hasher = signed ? createBlockHasher() : undefined;
  const scan = new HeadScanner();
  // Issue #17: the first pass reads bytes, not text. Decoding the whole file to find the manifest
  // at its end and to look for signature tags was a fifth of an import; the text is decoded only
  // around the signature's id (and then checked exactly as before) and for the manifest itself.
  const reader = file.slice(0, prefixBytes).stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    hasher?.push(value);
    const refused = scan.push(value);
    if (refused || scan.tagFound) {
      await reader.cancel();
      if (refused) return refused;
      break;
    }
  }
  if (scan.tagFound)
    // A second signature in a version-2 file is refused; in a file without one at the end,
    // the whole-file check decides (a version-1 element elsewhere, or a damaged one).
    return signed
      ? { kind: 'refused', failure: { ok: false, reason: 'signature-malformed', detail: 'two signatures' } }
      : { kind: 'whole' };
  const manifest = scan.manifest();
  if (manifest === undefined) {
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

/**
 * The first pass over a pack's bytes, piece by piece: is there any signature tag
 * (ANY_SIGNATURE_TAG, tested on the decoded text around each place the id's bytes occur, in any
 * case, with the same 4,096 characters before the piece that the text scan kept), and where is
 * the manifest (the first MANIFEST_OPEN, up to the first "</script" after it). Exported for tests.
 */
export class HeadScanner {
  tagFound = false;
  private history: Uint8Array = new Uint8Array(0);
  /** The manifest's text so far, once its opening tag is found. */
  private manifestText: string | undefined;
  private manifestDone = false;
  /** The manifest's last characters, which may start "</script" (kept apart: slicing the text would flatten it). */
  private manifestTail = '';
  private readonly manifestDecoder = new TextDecoder('utf-8');

  /** The next piece; a refusal when the manifest is over its cap. */
  push(piece: Uint8Array): PackHead | undefined {
    // The id may start in the bytes before this piece; so may the manifest's opening tag. Those
    // are looked for where the two meet (a few bytes), the rest in the piece itself (not copied).
    const before = this.history.subarray(Math.max(0, this.history.length - OVERLAP));
    const edge = concat(before, piece.subarray(0, OVERLAP));
    const seekManifest = this.manifestText === undefined;
    /** Where the manifest's text starts in this piece, once its opening tag is found. */
    let manifestFrom = -1;
    let idFound = false;
    const search = (bytes: Uint8Array, shift: number) => {
      // `shift`: where the piece starts in `bytes`; only matches that end in the piece count (one
      // wholly in the bytes before was seen with their own piece).
      for (let dash = bytes.indexOf(DASH); dash >= 0; dash = bytes.indexOf(DASH, dash + 1)) {
        const id = dash - SIGNATURE_DASH;
        if (!idFound && id + SIGNATURE_ID_BYTES.length > shift && matchesId(bytes, id)) idFound = true;
        const open = dash - MANIFEST_DASH;
        const openEnd = open + MANIFEST_OPEN_BYTES.length;
        if (
          seekManifest &&
          manifestFrom < 0 &&
          openEnd > shift &&
          matchesAt(bytes, open, MANIFEST_OPEN_BYTES)
        )
          manifestFrom = openEnd - shift;
        if (idFound && (!seekManifest || manifestFrom >= 0)) return;
      }
    };
    // The edge first: a match starting before the piece comes before any starting in it.
    if (before.length) search(edge, before.length);
    if (!idFound || (seekManifest && manifestFrom < 0)) search(piece, 0);
    if (idFound) {
      // Exactly the check every earlier build made on its text window (what came before + this piece).
      if (ANY_SIGNATURE_TAG.test(new TextDecoder('utf-8').decode(concat(this.history, piece)))) {
        this.tagFound = true;
        return undefined;
      }
    }
    this.history =
      piece.length >= HISTORY_BYTES
        ? piece.slice(-HISTORY_BYTES)
        : concat(this.history, piece).slice(-HISTORY_BYTES);
    if (this.manifestDone) return undefined;
    let content: Uint8Array;
    if (this.manifestText === undefined) {
      if (manifestFrom < 0) return undefined;
      this.manifestText = '';
      content = piece.subarray(manifestFrom);
    } else content = piece;
    // The manifest alone is decoded, and read as the text scan read it.
    const text = this.manifestDecoder.decode(content, { stream: true });
    // Only the new text is searched (with what of "</script" the text before may end in).
    const tail = this.manifestTail;
    const at = (tail + text).indexOf(SCRIPT_CLOSE);
    this.manifestTail = (tail + text).slice(-(SCRIPT_CLOSE.length - 1));
    this.manifestText += text;
    if (at >= 0) {
      const end = this.manifestText.length - text.length - tail.length + at;
      this.manifestText = this.manifestText.slice(0, end);
      this.manifestDone = true;
    } else if (this.manifestText.length > PACK_LIMITS.manifestChars)
      return { kind: 'refused', failure: { ok: false, reason: 'malformed', detail: 'manifest too large' } };
    return undefined;
  }

  /** The manifest's text, once its closing tag was found. */
  manifest(): string | undefined {
    return this.manifestDone ? this.manifestText : undefined;
  }
}

const SIGNATURE_DASH = SIGNATURE_ID_BYTES.indexOf(DASH);
const MANIFEST_DASH = MANIFEST_OPEN_BYTES.indexOf(DASH);

/** The signature id at `at`, ASCII letters in any case (as the regular expression's `i` flag without `u`). */
function matchesId(bytes: Uint8Array, at: number): boolean {
  if (at < 0 || at + SIGNATURE_ID_BYTES.length > bytes.length) return false;
  for (let i = 0; i < SIGNATURE_ID_BYTES.length; i++) {
    const want = SIGNATURE_ID_BYTES[i]!;
    const got = bytes[at + i]!;
    // For a lowercase letter, OR-ing 0x20 maps only its uppercase form onto it.
    if (want >= 0x61 && want <= 0x7a ? (got | 0x20) !== want : got !== want) return false;
  }
  return true;
}

function matchesAt(bytes: Uint8Array, at: number, pattern: Uint8Array): boolean {
  if (at < 0 || at + pattern.length > bytes.length) return false;
  for (let i = 0; i < pattern.length; i++) if (bytes[at + i] !== pattern[i]) return false;
  return true;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
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
