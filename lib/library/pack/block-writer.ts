/**
 * The pack file written in pieces (issue #17): text is encoded into fixed 1 MiB blocks, every
 * PART_BLOCKS full blocks become one Blob part (a Blob's bytes live outside the page's
 * JavaScript heap, so the page holds at most PART_BLOCKS blocks, not the pack), and, for a
 * signed pack, each block is hashed as it is cut. The receiving Vantage cuts the file it reads
 * into the same blocks, so the signature can be checked in one streaming pass (signature.ts,
 * version 2).
 */
export const BLOCK_BYTES = 1024 * 1024;
/**
 * Blocks per Blob part. A Blob per 1 MiB block was 7–8% of an export's profile (issue #17,
 * fifth round); in Chromium 156, 40 MiB made into Blobs 8 MiB at a time took 354–531 ms against
 * 672–710 ms 1 MiB at a time. The page holds up to this many blocks (8 MiB) before handing them on.
 */
export const PART_BLOCKS = 8;

export interface BlockWriter {
  write(text: string): void;
  /** Bytes written so far. */
  readonly bytes: number;
  /** The last (short) block cut, and every block's SHA-256 in order (empty when not hashing). */
  finish(): Promise<{ parts: Blob[]; bytes: number; digests: Uint8Array[] }>;
}

export function createBlockWriter(options: { hash: boolean }): BlockWriter {
  const encoder = new TextEncoder();
  const parts: Blob[] = [];
  const digests: Promise<ArrayBuffer>[] = [];
  let held: Uint8Array<ArrayBuffer>[] = [];
  let block = new Uint8Array(BLOCK_BYTES);
  let filled = 0;
  let total = 0;
  const handOn = () => {
    if (held.length) parts.push(new Blob(held));
    held = [];
  };
  const cut = (length: number) => {
    const full = length === BLOCK_BYTES ? block : block.slice(0, length);
    // digest() copies its input when called, so the block can be handed on at once.
    if (options.hash) digests.push(crypto.subtle.digest('SHA-256', full));
    held.push(full);
    if (held.length === PART_BLOCKS) handOn();
    block = new Uint8Array(BLOCK_BYTES);
    filled = 0;
  };
  return {
    write(text: string) {
      let rest = text;
      while (rest.length) {
        const { read, written } = encoder.encodeInto(rest, block.subarray(filled));
        filled += written;
        total += written;
        rest = read === rest.length ? '' : rest.slice(read);
        if (!rest.length) break;
        // encodeInto stops before a character whose bytes do not all fit: the block is cut
        // exactly at BLOCK_BYTES, so that character's bytes are split across two blocks.
        if (filled < BLOCK_BYTES) {
          const length = rest.codePointAt(0)! > 0xffff ? 2 : 1;
          const bytes = encoder.encode(rest.slice(0, length));
          const head = BLOCK_BYTES - filled;
          block.set(bytes.subarray(0, head), filled);
          cut(BLOCK_BYTES);
          block.set(bytes.subarray(head), 0);
          filled = bytes.length - head;
          total += bytes.length;
          rest = rest.slice(length);
        } else cut(BLOCK_BYTES);
      }
      if (filled === BLOCK_BYTES) cut(BLOCK_BYTES);
    },
    get bytes() {
      return total;
    },
    async finish() {
      if (filled) cut(filled);
      handOn();
      return { parts, bytes: total, digests: (await Promise.all(digests)).map((d) => new Uint8Array(d)) };
    },
  };
}

/** SHA-256 of each BLOCK_BYTES block of a byte stream, in order: the reader's side of the same cut. */
export function createBlockHasher() {
  const digests: Promise<ArrayBuffer>[] = [];
  let block = new Uint8Array(BLOCK_BYTES);
  let filled = 0;
  let total = 0;
  return {
    push(bytes: Uint8Array) {
      let at = 0;
      while (at < bytes.length) {
        const take = Math.min(BLOCK_BYTES - filled, bytes.length - at);
        block.set(bytes.subarray(at, at + take), filled);
        filled += take;
        at += take;
        total += take;
        if (filled === BLOCK_BYTES) {
          digests.push(crypto.subtle.digest('SHA-256', block));
          block = new Uint8Array(BLOCK_BYTES);
          filled = 0;
        }
      }
    },
    async finish(): Promise<{ bytes: number; digests: Uint8Array[] }> {
      if (filled) digests.push(crypto.subtle.digest('SHA-256', block.slice(0, filled)));
      return { bytes: total, digests: (await Promise.all(digests)).map((d) => new Uint8Array(d)) };
    },
  };
}
