import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_CARDS } from '../../../lib/advice';
import { verifyBundle } from '../../../lib/data-bundle';
import { shippedPacks } from '../../../lib/targets';
import { rawPublicKeyBase64 } from '../../../scripts/data-bundle/make';

const tsx = join('node_modules', '.bin', 'tsx');

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(tsx, ['scripts/data-bundle.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, VANTAGE_DATA_KEY: '', ...env },
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

function keyFiles() {
  const dir = mkdtempSync(join(tmpdir(), 'vantage-data-key-'));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const key = join(dir, 'vantage-data.key');
  writeFileSync(key, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const pinned = join(dir, 'keys.json');
  writeFileSync(pinned, JSON.stringify({ keys: [rawPublicKeyBase64(publicKey)] }));
  return { dir, key, pinned, raw: rawPublicKeyBase64(publicKey) };
}

describe('npm run data:bundle', () => {
  it('signs the project data with VANTAGE_DATA_KEY into a bundle the extension takes', async () => {
    const k = keyFiles();
    const out = join(k.dir, 'vantage-data.json');
    const run = cli(['--version', '7', '--out', out, '--pinned', k.pinned], { VANTAGE_DATA_KEY: k.key });
    expect(run.code).toBe(0);
    expect(run.out).not.toContain('TEST BUNDLE');
    const check = await verifyBundle(readFileSync(out), [k.raw], 6);
    expect(check).toMatchObject({ ok: true, version: 7 });
    // The target packs and the advice's links as this checkout has them (issue #16 part 3).
    if (!check.ok) return;
    for (const pack of shippedPacks()) {
      expect(
        check.packs?.[pack.id]?.targets.map((t) => t.url),
        pack.id,
      ).toEqual(pack.targets.map((t) => t.url));
    }
    expect(check.advice?.links['tor-browser']).toEqual(ALL_CARDS.find((c) => c.id === 'tor-browser')?.links);
    expect(check.advice?.links['offline-library']).toBeUndefined();
  });

  it('refuses a key the extension does not pin, and writes nothing', () => {
    const k = keyFiles();
    const other = keyFiles();
    const out = join(k.dir, 'vantage-data.json');
    const run = cli(['--out', out, '--pinned', other.pinned], { VANTAGE_DATA_KEY: k.key });
    expect(run.code).toBe(2);
    expect(run.out).toContain('is not pinned');
    expect(() => readFileSync(out)).toThrow();
  });

  it('without a key, signs with a throw-away one and says it is a test bundle', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vantage-data-'));
    const run = cli(['--version', '1', '--out', join(dir, 'b.json')]);
    expect(run.code).toBe(0);
    expect(run.out).toContain('TEST BUNDLE');
  });

  it('refuses a version that is not a positive integer, and a key that is not Ed25519', () => {
    expect(cli(['--version', '1.5']).code).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), 'vantage-data-'));
    const rsa = join(dir, 'rsa.pem');
    writeFileSync(
      rsa,
      generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    const run = cli(['--out', join(dir, 'b.json')], { VANTAGE_DATA_KEY: rsa });
    expect(run.code).toBe(2);
    expect(run.out).toContain('not an Ed25519 private key');
  });
});
