/**
 * A file's bytes in pieces of `size`, the next piece already being read while the caller works
 * on this one (issue #17, eighth round): a Blob's stream hands over 64 KiB at a time, each a round
 * trip to the browser process, which during an import is busy writing the database. At most two
 * pieces are held.
 */
export async function readAhead(
  blob: Blob,
  onPiece: (piece: Uint8Array) => void | boolean | Promise<void | boolean>,
  size = 1024 * 1024,
): Promise<void> {
  const read = (at: number) => blob.slice(at, Math.min(blob.size, at + size)).arrayBuffer();
  let next = blob.size > 0 ? read(0) : undefined;
  for (let at = 0; next; at += size) {
    const piece = new Uint8Array(await next);
    next = at + size < blob.size ? read(at + size) : undefined;
    // A piece being read when the caller stops is left to finish; nothing waits for it.
    next?.catch(() => undefined);
    if ((await onPiece(piece)) === false) return;
  }
}
