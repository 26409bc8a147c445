import type { StoredPicture } from '../db';

// A stored picture is a Blob (capture, and every record before issue #17's fifth round) or its
// bytes and type (pack import). Apart from store.ts, which the popup loads, so the popup does not.

export const pictureType = (picture: StoredPicture): string =>
  'blob' in picture ? picture.blob.type : picture.type;

/** The picture as a Blob, for an object URL (the reader): made when shown, not when stored. */
export const pictureBlob = (picture: StoredPicture): Blob =>
  'blob' in picture ? picture.blob : new Blob([picture.bytes], { type: picture.type });

/** The picture's bytes (the pack export): no read of a file behind the database when stored as bytes. */
export const pictureBytes = (picture: StoredPicture): ArrayBuffer | Promise<ArrayBuffer> =>
  'blob' in picture ? picture.blob.arrayBuffer() : picture.bytes;
