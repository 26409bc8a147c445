import { chmodSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { deterministicZip, listFiles, zipTimestamp } from '../../../scripts/release/zip';

function tree(order: string[], mtime: Date, mode: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'vantage-zip-'));
  const contents: Record<string, string> = {
    'manifest.json': '{"manifest_version":3}',
    'chunks/popup-ab12.js': 'console.log(1)',
    '_locales/kk/messages.json': '{"extName":{"message":"Vantage"}}',
    'Z-upper.txt': 'sorted by bytes: uppercase before lowercase',
  };
  for (const path of order) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), contents[path]!);
    chmodSync(join(dir, path), mode);
    utimesSync(join(dir, path), mtime, mtime);
  }
  return dir;
}

describe('deterministic release zip', () => {
  const paths = ['manifest.json', 'chunks/popup-ab12.js', '_locales/kk/messages.json', 'Z-upper.txt'];

  it('gives identical bytes for the same files written in another order, at another time, with other permissions', async () => {
    const a = tree(paths, new Date('2025-01-01T00:00:00Z'), 0o644);
    const b = tree([...paths].reverse(), new Date('2026-06-15T12:34:56Z'), 0o755);
    const epoch = 1_760_000_001;
    const [zipA, zipB] = await Promise.all([deterministicZip(a, epoch), deterministicZip(b, epoch)]);
    expect(zipA.equals(zipB)).toBe(true);
  });

  it("differs when a file's content differs (the test above can fail)", async () => {
    const a = tree(paths, new Date(), 0o644);
    const b = tree(paths, new Date(), 0o644);
    writeFileSync(join(b, 'chunks/popup-ab12.js'), 'console.log(2)');
    expect((await deterministicZip(a, 0)).equals(await deterministicZip(b, 0))).toBe(false);
  });

  it('stores sorted paths, the commit time and 0644, and no folder entries', async () => {
    const dir = tree(paths, new Date(), 0o755);
    expect(listFiles(dir)).toEqual([
      'Z-upper.txt',
      '_locales/kk/messages.json',
      'chunks/popup-ab12.js',
      'manifest.json',
    ]);
    const zip = await JSZip.loadAsync(await deterministicZip(dir, 1_760_000_001));
    const entries = Object.values(zip.files);
    expect(entries.map((entry) => entry.name)).toEqual(listFiles(dir));
    for (const entry of entries) {
      expect(entry.dir).toBe(false);
      expect(entry.date.getTime()).toBe(zipTimestamp(1_760_000_001).getTime());
      expect((entry.unixPermissions as number) & 0o777).toBe(0o644);
    }
  });

  it('replaces the bytes of a named file (a manifest with an update_url) and nothing else', async () => {
    const dir = tree(paths, new Date(), 0o644);
    const zip = await JSZip.loadAsync(
      await deterministicZip(dir, 0, { 'manifest.json': Buffer.from('{"x":1}') }),
    );
    expect(await zip.file('manifest.json')!.async('string')).toBe('{"x":1}');
    expect(await zip.file('chunks/popup-ab12.js')!.async('string')).toBe('console.log(1)');
  });

  it("clamps to the zip format's 1980 epoch and its two-second steps", () => {
    expect(zipTimestamp(0).toISOString()).toBe('1980-01-01T00:00:00.000Z');
    expect(zipTimestamp(1_760_000_001).getTime()).toBe(1_760_000_000_000);
  });
});
