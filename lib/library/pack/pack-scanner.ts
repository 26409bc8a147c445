/**
 * Finding a version-2 pack's articles in its text as it streams in (issue #17), so an import
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
 * text that is parsed inertly and sanitized like any other, and one longer than `maxChars` is
 * skipped without being held. Pure.
 */
export const ARTICLE_MARKER = '<!--vp:';
export const END_MARKER = '<!--/vp-->';
const MARKER_CLOSE = '-->';
/** A key as the manifest allows it (validate-manifest.ts), and the longest marker there is. */
const KEY = /^[\w-]{1,64}$/;
const LONGEST_MARKER = ARTICLE_MARKER.length + 64 + MARKER_CLOSE.length;

export type ScannedArticle = { key: string; html: string } | { key: string; refused: string };

export class ArticleScanner {
  /** The text of the article being read (or, outside one, what may still start a marker). */
  private buffer = '';
  /** No marker starts in the buffer before this index. */
  private searchFrom = 0;
  /** The key of the article being read; undefined before the first marker and after the end. */
  private key: string | undefined;
  private skipping = false;
  private ended = false;

  constructor(private readonly maxChars: number) {}

  /** Feed the next piece of text; returns the articles it completed. */
  push(text: string): ScannedArticle[] {
    const out: ScannedArticle[] = [];
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
    // Memory stays bounded: outside an article, or past an article's cap, only the few
    // characters that could still start a marker are kept.
    if (this.key !== undefined && !this.skipping && this.buffer.length > this.maxChars) this.skipping = true;
    if (this.key === undefined || this.skipping) {
      this.buffer = this.buffer.slice(this.searchFrom);
      this.searchFrom = 0;
    }
    return out;
  }

  /** The file ended: an article still open without the end marker is not a whole one. */
  end(): ScannedArticle[] {
    const out: ScannedArticle[] =
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
