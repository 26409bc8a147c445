/**
 * Finding a version-2 pack's articles in its bytes as they stream in (issue #17), so an import
 * never holds more than one article. The exporter puts a marker comment before each article and
 * one after the last:
 *
 *   <!--vp:a1--><article id="a1" data-vp="a1" …>…</article>
 *   <!--vp:a2--><article …>…</article>
 *   <!--/vp-->
 *
 * and no body can contain a marker: comments are dropped from bodies at export and any other
 * "<!--" (only possible inside an attribute value) is written as "&lt;!--", which reads the same
 * (export-pack.ts). In a stranger's file the markers may be anywhere: each chunk is still only
 * text that is parsed inertly and sanitized like any other, and one longer than `maxBytes` is
 * skipped without being held. Pure.
 *
 * The scanner reads UTF-8 bytes, not decoded text (issue #17, eighth round: decoding the whole
 * file — 94% of it pictures' base64 — was a sixth of an import). The markers are ASCII, and a
 * UTF-8 decoder emits an ASCII byte as that character whatever came before it (an unfinished
 * sequence before it becomes U+FFFD, and the byte is read anew), so the markers are found at
 * the same places in the bytes as in the text, and an article's bytes — cut just after a
 * marker's ">" and just before the next "<" — decode to exactly the text the whole file's
 * decoding has there (decodeArticle). tests/unit/library/pack-stream.test.ts checks this against
 * the text scanner every earlier build used, cut at every place.
 */
export const ARTICLE_MARKER = '<!--vp:';
export const END_MARKER = '<!--/vp-->';
const MARKER_CLOSE = '-->';
/** A key as the manifest allows it (validate-manifest.ts), and the longest marker there is. */
const KEY_MAX = 64;
const LONGEST_MARKER = ARTICLE_MARKER.length + KEY_MAX + MARKER_CLOSE.length;
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const ARTICLE_MARKER_BYTES = ascii(ARTICLE_MARKER);
const END_MARKER_BYTES = ascii(END_MARKER);
const LT = 0x3c;
const BANG = 0x21;
const DASH = 0x2d;
const GT = 0x3e;

export type ScannedArticle = { key: string; bytes: Uint8Array } | { key: string; refused: string };

export class ArticleScanner {
  /** The bytes of the article being read (or, outside one, what may still start a marker): buf[start, filled). */
  private buf = new Uint8Array(0);
  private start = 0;
  private filled = 0;
  /** No marker starts in the buffer before this index. */
  private searchFrom = 0;
  /** The key of the article being read; undefined before the first marker and after the end. */
  private key: string | undefined;
  private skipping = false;
  private ended = false;

  constructor(private readonly maxBytes: number) {}

  /** Feed the next piece of the file; returns the articles it completed. */
  push(piece: Uint8Array): ScannedArticle[] {
    const out: ScannedArticle[] = [];
    if (this.ended) return out;
    this.append(piece);
    for (;;) {
      const at = this.commentAt(this.searchFrom);
      if (at < 0) {
        this.searchFrom = Math.max(this.searchFrom, this.filled - 3);
        break;
      }
      const marker = this.markerAt(at);
      if (marker === 'incomplete') {
        this.searchFrom = at;
        break;
      }
      if (marker === undefined) {
        this.searchFrom = at + 4;
        continue;
      }
      if (this.key !== undefined)
        out.push(
          this.skipping
            ? { key: this.key, refused: 'article too large' }
            : { key: this.key, bytes: this.buf.slice(this.start, at) },
        );
      // Only the start moves: what follows is not copied once per article.
      this.start = at + marker.length;
      this.searchFrom = this.start;
      this.skipping = false;
      if (marker.key === undefined) {
        this.ended = true;
        this.key = undefined;
        this.buf = new Uint8Array(0);
        this.start = this.filled = this.searchFrom = 0;
        return out;
      }
      this.key = marker.key;
    }
    // Memory stays bounded: outside an article, or past an article's cap, only the few
    // bytes that could still start a marker are kept.
    if (this.key !== undefined && !this.skipping && this.filled - this.start > this.maxBytes)
      this.skipping = true;
    if (this.key === undefined || this.skipping) this.start = Math.max(this.start, this.searchFrom);
    return out;
  }

  /** The file ended: an article still open without the end marker is not a whole one. */
  end(): ScannedArticle[] {
    const out: ScannedArticle[] =
      !this.ended && this.key !== undefined ? [{ key: this.key, refused: 'article cut off' }] : [];
    this.buf = new Uint8Array(0);
    this.start = this.filled = this.searchFrom = 0;
    this.key = undefined;
    this.ended = true;
    return out;
  }

  /** The piece after what is kept, the kept bytes moved to the front (once a piece, not once an article). */
  private append(piece: Uint8Array): void {
    const kept = this.filled - this.start;
    if (kept + piece.length > this.buf.length) {
      const next = new Uint8Array(Math.max(kept + piece.length, this.buf.length * 2, 64 * 1024));
      next.set(this.buf.subarray(this.start, this.filled));
      this.buf = next;
    } else if (this.start > 0) this.buf.copyWithin(0, this.start, this.filled);
    this.searchFrom -= this.start;
    this.start = 0;
    this.filled = kept;
    this.buf.set(piece, this.filled);
    this.filled += piece.length;
  }

  /** Where the next whole "<!--" starts, at or after `from`; -1 if none. */
  private commentAt(from: number): number {
    const { buf, filled } = this;
    for (let at = buf.indexOf(LT, from); at >= 0 && at + 3 < filled; at = buf.indexOf(LT, at + 1))
      if (buf[at + 1] === BANG && buf[at + 2] === DASH && buf[at + 3] === DASH) return at;
    return -1;
  }

  private markerAt(at: number): { length: number; key: string | undefined } | 'incomplete' | undefined {
    const length = Math.min(LONGEST_MARKER, this.filled - at);
    const rest = this.buf.subarray(at, at + length);
    if (startsWith(rest, END_MARKER_BYTES)) return { length: END_MARKER_BYTES.length, key: undefined };
    if (startsWith(END_MARKER_BYTES, rest) || startsWith(ARTICLE_MARKER_BYTES, rest)) return 'incomplete';
    if (!startsWith(rest, ARTICLE_MARKER_BYTES)) return undefined;
    const close = closeAt(rest, ARTICLE_MARKER_BYTES.length);
    if (close < 0) return rest.length < LONGEST_MARKER ? 'incomplete' : undefined;
    const keyBytes = rest.subarray(ARTICLE_MARKER_BYTES.length, close);
    if (keyBytes.length < 1 || keyBytes.length > KEY_MAX || !keyBytes.every(isKeyByte)) return undefined;
    return { length: close + MARKER_CLOSE.length, key: String.fromCharCode(...keyBytes) };
  }
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

/** The first "-->" at or after `from`. */
function closeAt(bytes: Uint8Array, from: number): number {
  for (let i = from; i + 2 < bytes.length; i++)
    if (bytes[i] === DASH && bytes[i + 1] === DASH && bytes[i + 2] === GT) return i;
  return -1;
}

/** [\w-] as the manifest's key pattern reads it (no `u` flag: ASCII only). */
function isKeyByte(b: number): boolean {
  return (
    (b >= 0x30 && b <= 0x39) ||
    (b >= 0x41 && b <= 0x5a) ||
    (b >= 0x61 && b <= 0x7a) ||
    b === 0x5f ||
    b === DASH
  );
}

const articleDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * An article's text: its bytes decoded as the whole file's stream decoded them (a byte-order
 * mark there is a character, not stripped; bytes that are not UTF-8 are U+FFFD).
 */
export function decodeArticle(bytes: Uint8Array): string {
  return articleDecoder.decode(bytes);
}
