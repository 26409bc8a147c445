/**
 * The text versions of the import's article scanner and picture set-aside, as every build before
 * issue #17's eighth round ran them on the decoded file: kept here as the reference the byte
 * versions (lib/library/pack/pack-scanner.ts, pictures-aside.ts) must agree with.
 */
const ARTICLE_MARKER = '<!--vp:';
const END_MARKER = '<!--/vp-->';
const MARKER_CLOSE = '-->';
const KEY = /^[\w-]{1,64}$/;
const LONGEST_MARKER = ARTICLE_MARKER.length + 64 + MARKER_CLOSE.length;

export type TextArticle = { key: string; html: string } | { key: string; refused: string };

export class TextArticleScanner {
  private buffer = '';
  private searchFrom = 0;
  private key: string | undefined;
  private skipping = false;
  private ended = false;

  constructor(private readonly maxChars: number) {}

  push(text: string): TextArticle[] {
    const out: TextArticle[] = [];
    if (this.ended) return out;
    this.buffer += text;
    for (;;) {
      const at = this.buffer.indexOf('<!--', this.searchFrom);
      if (at < 0) {
        this.searchFrom = Math.max(this.searchFrom, this.buffer.length - 3);
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
            : { key: this.key, html: this.buffer.slice(0, at) },
        );
      this.buffer = this.buffer.slice(at + marker.length);
      this.searchFrom = 0;
      this.skipping = false;
      if (marker.key === undefined) {
        this.ended = true;
        this.key = undefined;
        this.buffer = '';
        return out;
      }
      this.key = marker.key;
    }
    if (this.key !== undefined && !this.skipping && this.buffer.length > this.maxChars) this.skipping = true;
    if (this.key === undefined || this.skipping) {
      this.buffer = this.buffer.slice(this.searchFrom);
      this.searchFrom = 0;
    }
    return out;
  }

  end(): TextArticle[] {
    const out: TextArticle[] =
      !this.ended && this.key !== undefined ? [{ key: this.key, refused: 'article cut off' }] : [];
    this.buffer = '';
    this.key = undefined;
    this.ended = true;
    return out;
  }

  private markerAt(at: number): { length: number; key: string | undefined } | 'incomplete' | undefined {
    const rest = this.buffer.slice(at, at + LONGEST_MARKER);
    if (rest.startsWith(END_MARKER)) return { length: END_MARKER.length, key: undefined };
    if (END_MARKER.startsWith(rest) || ARTICLE_MARKER.startsWith(rest)) return 'incomplete';
    if (!rest.startsWith(ARTICLE_MARKER)) return undefined;
    const close = rest.indexOf(MARKER_CLOSE, ARTICLE_MARKER.length);
    if (close < 0) return rest.length < LONGEST_MARKER ? 'incomplete' : undefined;
    const key = rest.slice(ARTICLE_MARKER.length, close);
    return KEY.test(key) ? { length: close + MARKER_CLOSE.length, key } : undefined;
  }
}

const INLINE_PICTURE = / src="data:([a-z]+\/[a-z0-9.+-]+);base64,([A-Za-z0-9+/=]*)"/gi;

export function setPicturesAsideText(
  html: string,
  placeholder: string,
): { html: string; pictures: Map<string, { type: string; base64: string }> } {
  const pictures = new Map<string, { type: string; base64: string }>();
  if (!html.includes(' src="data:')) return { html, pictures };
  const out = html.replace(INLINE_PICTURE, (_, type: string, base64: string) => {
    const key = `${placeholder}n${pictures.size}`;
    pictures.set(key, { type, base64 });
    return ` src="${key}"`;
  });
  return { html: out, pictures };
}

/** The file's text as it streamed: pieces decoded by one streaming decoder, as readText did. */
export function decodeInPieces(bytes: Uint8Array, size: number): string[] {
  const decoder = new TextDecoder('utf-8');
  const out: string[] = [];
  for (let at = 0; at < bytes.length; at += size) {
    const text = decoder.decode(bytes.subarray(at, at + size), { stream: true });
    if (text) out.push(text);
  }
  const rest = decoder.decode();
  if (rest) out.push(rest);
  return out;
}

/** Text as UTF-8 and raw bytes (broken sequences, byte-order marks) in one file. */
export function bytesOf(...parts: (string | number[])[]): Uint8Array {
  const chunks = parts.map((part) =>
    typeof part === 'string' ? new TextEncoder().encode(part) : Uint8Array.from(part),
  );
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
