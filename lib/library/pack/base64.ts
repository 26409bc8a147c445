/**
 * Base64 for pack images without a per-byte JavaScript loop: a 150 KB picture is 150,000 loop
 * turns through `String.fromCharCode`/`charCodeAt`, which made export and import of a large pack
 * several times slower than writing the file (issue #17). Bytes go through `String.fromCharCode`
 * a chunk at a time and `btoa`/`atob` do the work in native code; where the browser has
 * `Uint8Array.fromBase64`/`toBase64` (TC39 proposal-arraybuffer-base64), those are used.
 */
const CHUNK = 0x8000;

interface Base64Native {
  toBase64?: (this: Uint8Array) => string;
}
interface Base64NativeStatic {
  fromBase64?: (text: string) => Uint8Array<ArrayBuffer>;
}

export function encodeBase64(bytes: Uint8Array): string {
  const native = (bytes as Uint8Array & Base64Native).toBase64;
  if (typeof native === 'function') return native.call(bytes);
  const parts: string[] = [];
  // Chunks of a multiple of 3 bytes encode to base64 that concatenates without padding in between.
  const step = CHUNK - (CHUNK % 3);
  for (let i = 0; i < bytes.length; i += step)
    parts.push(btoa(String.fromCharCode.apply(null, bytes.subarray(i, i + step) as unknown as number[])));
  return parts.join('');
}

/**
 * The bytes, or undefined for text that is not base64. Whitespace is refused unless
 * `whitespace` (then ASCII whitespace is skipped, as `fromBase64` skips it). Where the browser decodes
 * natively, its decoder is the check: a regular-expression pass first was a second full read of
 * every picture (issue #17).
 */
export function decodeBase64(
  text: string,
  { whitespace = false }: { whitespace?: boolean } = {},
): Uint8Array<ArrayBuffer> | undefined {
  const native = (Uint8Array as unknown as Base64NativeStatic).fromBase64;
  try {
    if (typeof native === 'function') {
      if (!whitespace && /\s/.test(text)) return undefined;
      return native(text);
    }
    const compact = whitespace ? text.replace(/[\t\n\f\r ]+/g, '') : text;
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) return undefined;
    const binary = atob(compact);
    // TextEncoder would read the Latin-1 string as UTF-8; a typed array from a char-code map of
    // chunks keeps it in native code for most of the work.
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += CHUNK) {
      const end = Math.min(binary.length, i + CHUNK);
      for (let j = i; j < end; j++) bytes[j] = binary.charCodeAt(j);
    }
    return bytes;
  } catch {
    return undefined;
  }
}
