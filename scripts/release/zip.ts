/**
 * A zip whose bytes depend only on the files' paths and contents: entries sorted by path, one
 * fixed timestamp, fixed permissions, no directory entries, no extra fields. `wxt zip` (like most
 * zippers) stores each file's mtime and the order readdir happened to return, so two builds of one
 * commit differ. JSZip compresses with pako (pure JS), so the deflate bytes do not depend on the
 * zlib Node was built with either.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import JSZip from 'jszip';

/** Every file under `dir`, as forward-slash paths relative to it, in byte order. */
export function listFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push(relative(dir, full).split(sep).join('/'));
      else throw new Error(`${full}: not a regular file or folder; a release holds only files`);
    }
  };
  walk(dir);
  // Compare as bytes, not with localeCompare: the order must not depend on the machine's locale.
  return files.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** ZIP's DOS timestamps start in 1980 and have two-second steps. */
export function zipTimestamp(epochSeconds: number): Date {
  const earliest = Date.UTC(1980, 0, 1, 0, 0, 0);
  const ms = Math.max(earliest, Math.floor(epochSeconds / 2) * 2 * 1000);
  return new Date(ms);
}

/** `replace` swaps in other bytes for some paths (e.g. a manifest with an update_url added). */
export async function deterministicZip(
  dir: string,
  epochSeconds: number,
  replace: Record<string, Buffer> = {},
): Promise<Buffer> {
  const zip = new JSZip();
  const date = zipTimestamp(epochSeconds);
  for (const path of listFiles(dir)) {
    zip.file(path, replace[path] ?? readFileSync(join(dir, path)), {
      date,
      createFolders: false,
      unixPermissions: 0o100644,
      binary: true,
    });
  }
  return zip.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 9 },
    platform: 'UNIX',
  });
}
