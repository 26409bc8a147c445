import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprint, publicKeyPem, signDetached } from '../../../scripts/release/keys';
import { formatSums } from '../../../scripts/release/sums';

const tsx = join('node_modules', '.bin', 'tsx');

function cli(script: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(tsx, [script, ...args], { encoding: 'utf8', env });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

/** A downloaded release in a temp folder: the zip, SHA256SUMS, its signature and the public key. */
function download() {
  const dir = mkdtempSync(join(tmpdir(), 'vantage-verify-'));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const zip = Buffer.from('PK pretend extension');
  const sums = formatSums([{ name: 'vantage-1.0.0-chrome.zip', data: zip }]);
  writeFileSync(join(dir, 'vantage-1.0.0-chrome.zip'), zip);
  writeFileSync(join(dir, 'SHA256SUMS'), sums);
  writeFileSync(join(dir, 'SHA256SUMS.sig'), signDetached(Buffer.from(sums), privateKey));
  writeFileSync(join(dir, 'key.pub'), publicKeyPem(publicKey));
  return { dir, file: join(dir, 'vantage-1.0.0-chrome.zip'), key: join(dir, 'key.pub'), publicKey };
}

describe('npm run verify', () => {
  it('exits 0 and prints the key fingerprint for an untouched download', () => {
    const d = download();
    const run = cli('scripts/verify.ts', [d.file, '--key', d.key]);
    expect(run.out).toContain(`fingerprint ${fingerprint(d.publicKey)}`);
    expect(run.out).toContain('OK: vantage-1.0.0-chrome.zip');
    expect(run.code).toBe(0);
  });

  it('exits 1 for a tampered file', () => {
    const d = download();
    writeFileSync(d.file, 'PK pretend extension, with a backdoor');
    const run = cli('scripts/verify.ts', [d.file, '--key', d.key]);
    expect(run.out).toContain('NOT VERIFIED (hash-mismatch)');
    expect(run.code).toBe(1);
  });

  it('exits 1 for tampered sums and for another key', () => {
    const d = download();
    writeFileSync(join(d.dir, 'SHA256SUMS'), `${'0'.repeat(64)}  vantage-1.0.0-chrome.zip\n`);
    expect(cli('scripts/verify.ts', [d.file, '--key', d.key])).toMatchObject({ code: 1 });
    const other = download();
    const run = cli('scripts/verify.ts', [other.file, '--key', d.key]);
    expect(run.out).toContain('NOT VERIFIED (bad-signature)');
    expect(run.code).toBe(1);
  });

  it('exits 1 for a file the list does not name', () => {
    const d = download();
    const renamed = join(d.dir, 'vantage.zip');
    writeFileSync(renamed, 'PK pretend extension');
    const run = cli('scripts/verify.ts', [renamed, '--key', d.key]);
    expect(run.out).toContain('NOT VERIFIED (not-listed)');
    expect(run.code).toBe(1);
  });

  it('exits 2 with a clear message when an input is missing', () => {
    const d = download();
    expect(cli('scripts/verify.ts', [])).toMatchObject({ code: 2, out: expect.stringContaining('usage:') });
    const noSig = cli('scripts/verify.ts', [d.file, '--key', d.key, '--sig', join(d.dir, 'none.sig')]);
    expect(noSig).toMatchObject({ code: 2, out: expect.stringContaining('signature not found') });
    const noKey = cli('scripts/verify.ts', [d.file, '--key', join(d.dir, 'none.pub')]);
    expect(noKey).toMatchObject({ code: 2, out: expect.stringContaining('public key not found') });
  });
});

describe('npm run sign:firefox', () => {
  it('sends nothing and says what to set when AMO credentials are absent', () => {
    const env = { ...process.env };
    delete env.WEB_EXT_API_KEY;
    delete env.WEB_EXT_API_SECRET;
    const run = cli('scripts/sign-firefox.ts', [], env);
    expect(run.out).toContain('no AMO credentials, nothing was sent');
    expect(run.out).toContain('WEB_EXT_API_KEY');
    expect(run.code).toBe(2);
  });
});
