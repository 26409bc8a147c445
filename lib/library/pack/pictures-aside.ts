import { decodeArticle } from './pack-scanner';

/**
 * A picture's base64 set aside before an article's HTML is parsed: the parser reading 100+ KB of
 * attribute value character by character, for a value only the base64 decoder needs, was most
 * of an import's parsing time (issue #17). Each ` src="data:TYPE;base64,BASE64"` in the text is
 * replaced by ` src="PLACEHOLDER"`, the placeholder being this import's random token (letters and
 * digits, which a pack cannot guess) and the picture's number.
 *
 * Where `src="` opens a double-quoted attribute value, the tokenizer reads the base64 and the
 * placeholder alike (ordinary characters up to the closing quote), so the parsed tree is the one
 * the whole text gives, with the placeholder as that src. Anywhere else (a stranger's markup:
 * the text inside another quoted value, or after a value's closing quote, where "/" and "=" of
 * base64 mean something) the two could parse differently; then that placeholder is not the
 * whole src value of any element, so the caller checks that every placeholder is one
 * (allPlaced) and otherwise parses the article's text as it is. By induction over the
 * placeholders in order, when each is an element's src the two texts were tokenized alike
 * throughout. What a placeholder stands for is checked exactly as an inline data: URI is
 * (decodePicture). Pure.
 *
 * It works on the article's UTF-8 bytes (issue #17, eighth round), so the base64 — nine tenths
 * of a pack — is never decoded as UTF-8 text nor searched by a regular expression: the result
 * is what `html.replace(INLINE_PICTURE, …)` gave on the decoded text (only when the text
 * contains ` src="data:` as written, as before), because the pattern is ASCII, read without the
 * `u` flag (so its `i` folds ASCII letters only), and each piece of text between two matches is
 * cut at ASCII bytes, where decoding apart and decoding whole agree (pack-scanner.ts).
 * pack-pictures-aside.test.ts compares the two on hostile articles.
 */
export function setPicturesAside(
  bytes: Uint8Array,
  placeholder: string,
): { html: string; pictures: Map<string, { type: string; base64: string }> } {
  const pictures = new Map<string, { type: string; base64: string }>();
  const parts: string[] = [];
  let written = 0;
  let asWritten = false;
  // Every candidate is a ":" after ` src="data` (base64 and types hold no ":").
  for (
    let colon = bytes.indexOf(COLON, PREFIX.length - 1);
    colon >= 0;
    colon = bytes.indexOf(COLON, colon + 1)
  ) {
    const at = colon - (PREFIX.length - 1);
    if (at < written || !prefixAt(bytes, at)) continue;
    if (!asWritten && exactPrefixAt(bytes, at)) asWritten = true;
    const match = pictureAt(bytes, colon + 1);
    if (!match) continue;
    const key = `${placeholder}n${pictures.size}`;
    pictures.set(key, {
      type: latin(bytes.subarray(colon + 1, match.typeEnd)),
      base64: latin(bytes.subarray(match.base64Start, match.quote)),
    });
    parts.push(decodeArticle(bytes.subarray(written, at)), ` src="${key}"`);
    written = match.quote + 1;
  }
  // As before: only a text with ` src="data:` written as the exporter writes it is changed at all.
  if (!asWritten || !pictures.size) return { html: decodeArticle(bytes), pictures: new Map() };
  parts.push(decodeArticle(bytes.subarray(written)));
  return { html: parts.join(''), pictures };
}

/** Whether every picture set aside is, by its placeholder, the src of an element in the tree. */
export function allPlaced(root: ParentNode, pictures: ReadonlyMap<string, unknown>): boolean {
  const placed = new Set<string>();
  for (const element of root.querySelectorAll('[src]')) {
    const src = element.getAttribute('src');
    if (src !== null && pictures.has(src)) placed.add(src);
  }
  return placed.size === pictures.size;
}

/** Letters and digits only, unguessable: a pack cannot name a picture set aside. */
export function newPlaceholder(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `vpimg${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The pattern every earlier build ran on the text: / src="data:([a-z]+\/[a-z0-9.+-]+);base64,([A-Za-z0-9+/=]*)"/gi */
const PREFIX = ' src="data:';
const COLON = 0x3a;
const BASE64_HEAD = ';base64,';

/** ` src="data:` at `at`, its letters in any case (the `i` flag without `u`: ASCII only). */
function prefixAt(bytes: Uint8Array, at: number): boolean {
  return foldedAt(bytes, at, PREFIX);
}

function exactPrefixAt(bytes: Uint8Array, at: number): boolean {
  for (let i = 0; i < PREFIX.length; i++) if (bytes[at + i] !== PREFIX.charCodeAt(i)) return false;
  return true;
}

function foldedAt(bytes: Uint8Array, at: number, text: string): boolean {
  if (at < 0 || at + text.length > bytes.length) return false;
  for (let i = 0; i < text.length; i++) {
    const want = text.charCodeAt(i);
    const got = bytes[at + i]!;
    // For a lowercase letter, OR-ing 0x20 maps only its uppercase form onto it.
    if (want >= 0x61 && want <= 0x7a ? (got | 0x20) !== want : got !== want) return false;
  }
  return true;
}

/**
 * After ` src="data:`: `[a-z]+/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=]*"` (any case). Each part ends
 * at a byte its class does not hold, so the first way to read it is the only one.
 */
function pictureAt(
  bytes: Uint8Array,
  from: number,
): { typeEnd: number; base64Start: number; quote: number } | undefined {
  let i = from;
  while (i < bytes.length && isLetter(bytes[i]!)) i++;
  if (i === from || bytes[i] !== 0x2f) return undefined;
  const subtype = ++i;
  while (i < bytes.length && isSubtypeByte(bytes[i]!)) i++;
  if (i === subtype) return undefined;
  const typeEnd = i;
  if (!foldedAt(bytes, i, BASE64_HEAD)) return undefined;
  const base64Start = (i += BASE64_HEAD.length);
  while (i < bytes.length && BASE64_BYTE[bytes[i]!]) i++;
  if (bytes[i] !== 0x22) return undefined;
  return { typeEnd, base64Start, quote: i };
}

const isLetter = (b: number) => (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7a;
const isSubtypeByte = (b: number) =>
  isLetter(b) || (b >= 0x30 && b <= 0x39) || b === 0x2e || b === 0x2b || b === 0x2d;
const BASE64_BYTE = (() => {
  const table = new Uint8Array(256);
  for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=')
    table[c.charCodeAt(0)] = 1;
  return table;
})();

/** ASCII bytes (checked above) as text. */
const latinDecoder = new TextDecoder('utf-8');
function latin(bytes: Uint8Array): string {
  return latinDecoder.decode(bytes);
}
