import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

function trust(dbDir: string, caPath: string, nickname: string): void {
  mkdirSync(dbDir, { recursive: true });
  try {
    execFileSync('certutil', ['-N', '-d', `sql:${dbDir}`, '--empty-password'], { stdio: 'pipe' });
  } catch {
    // Already initialised.
  }
  execFileSync('certutil', ['-A', '-d', `sql:${dbDir}`, '-t', 'C,,', '-n', nickname, '-i', caPath], {
    stdio: 'pipe',
  });
}

/**
 * Chromium on Linux trusts the roots in $HOME/.pki/nssdb: give each test browser a HOME
 * whose database trusts the lab CA (and nothing else of ours). Untrusted-CA scenarios
 * still fail as they should; --ignore-certificate-errors would hide them all.
 */
export function prepareNssHome(home: string, caPath: string): void {
  trust(join(home, '.pki', 'nssdb'), caPath, 'Vantage Lab CA');
}

/** Firefox keeps its certificate database in the profile directory. */
export function prepareFirefoxProfileCerts(
  profileDir: string,
  caPath: string,
  nickname = 'Vantage Lab CA',
): void {
  trust(profileDir, caPath, nickname);
}
