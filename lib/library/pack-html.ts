import type { ArticleRecord } from '../db';

// Apart from compress.ts (what reads a stored body), so the popup, which only reads, does not
// load the writing side (docs/architecture.md#build; the popup's 35 KB budget).

/**
 * Article HTML is stored gzip-compressed (CompressionStream) only when that pays: small bodies
 * barely shrink and would cost a decompression on every open for nothing.
 */
const MIN_BYTES_TO_TRY = 2048;
/** Keep the compressed form only if it saves at least this share. */
const MIN_SAVING = 0.2;

export async function packHtml(html: string): Promise<ArticleRecord['html']> {
  const raw = new TextEncoder().encode(html);
  if (raw.byteLength < MIN_BYTES_TO_TRY) return html;
  // The bytes written straight into the compressor: a Blob around them first cost a round trip
  // to the browser's blob registry per article (issue #17, pack import).
  const compressor = new CompressionStream('gzip');
  const writer = compressor.writable.getWriter();
  // Their failures surface as the readable side's error, below.
  writer.write(raw).catch(() => undefined);
  writer.close().catch(() => undefined);
  // Kept as bytes, not a Blob: a Blob is another registry round trip, and in Chromium's IndexedDB
  // a file of its own per article (issue #17, fifth round).
  const gzip = await new Response(compressor.readable).arrayBuffer();
  return gzip.byteLength <= raw.byteLength * (1 - MIN_SAVING) ? { gzip } : html;
}
