// crx3 ships no types; this is the part of its API (lib/writeCRX3File.js) that crx.ts uses.
declare module 'crx3' {
  import type { Readable } from 'node:stream';
  export default function writeCRX3File(
    zip: Readable,
    options: { crxPath: string; keyPath: string },
  ): Promise<{ appId: string }>;
}
