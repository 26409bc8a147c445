import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { buildExtensions } from '../../../scripts/release/build';
import { sha256Hex } from '../../../scripts/release/sums';

/**
 * Anyone can rebuild a release from its commit and get the same bytes, so a published zip can be
 * checked against the source and not only against our signature. Two full builds of HEAD (four
 * `wxt build`s, ~30 s on two busy cores), in folders of different depth, one after the other.
 */
describe('reproducible release build', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'vantage-repro-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('gives byte-identical zips from two builds of one commit in different folders at different times', async () => {
    const urls = {
      chromeUpdateUrl: 'https://m.example/update.xml',
      firefoxUpdateUrl: 'https://m.example/updates.json',
    };
    const first = join(scratch, 'a');
    const second = join(scratch, 'b', 'deeper', 'still');
    mkdirSync(first, { recursive: true });
    mkdirSync(second, { recursive: true });
    const a = await buildExtensions({ repoRoot: resolve('.'), ref: 'HEAD', workDir: first, ...urls });
    const b = await buildExtensions({ repoRoot: resolve('.'), ref: 'HEAD', workDir: second, ...urls });

    const manifest = JSON.parse(
      await (await JSZip.loadAsync(a.chromeZip)).file('manifest.json')!.async('string'),
    );
    expect(manifest.manifest_version).toBe(3);
    expect(a.commit).toBe(b.commit);
    expect({
      chrome: sha256Hex(b.chromeZip),
      crx: sha256Hex(b.crxZip),
      firefox: sha256Hex(b.firefoxZip),
    }).toEqual({
      chrome: sha256Hex(a.chromeZip),
      crx: sha256Hex(a.crxZip),
      firefox: sha256Hex(a.firefoxZip),
    });
  }, 600_000);
});
