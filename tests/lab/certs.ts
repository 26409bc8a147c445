import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LabCerts {
  dir: string;
  /** "Vantage Lab CA": trusted by test browsers through their NSS database. */
  caPath: string;
  caPem: string;
  /** Leaf for every lab name that should verify. */
  leaf: { key: string; cert: string };
  /** Signed by "Qaznet Trust Network Lab", a root no browser trusts: interception. */
  intercept: { key: string; cert: string; caPath: string };
  /** The block server's own name only: a poisoned name arriving there gets a mismatch. */
  block: { key: string; cert: string };
}

const VERSION = 'v1';

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function makeCa(dir: string, name: string, subject: string): void {
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '3650',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
      '-subj',
      subject,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
}

function makeLeaf(dir: string, name: string, ca: string, names: string[]): void {
  writeFileSync(
    join(dir, `${name}.ext`),
    `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`,
  );
  openssl(
    [
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/CN=${names[0]}`,
    ],
    dir,
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${ca}.pem`,
      '-CAkey',
      `${ca}.key`,
      '-CAcreateserial',
      '-days',
      '825',
      '-out',
      `${name}.pem`,
      '-extfile',
      `${name}.ext`,
    ],
    dir,
  );
}

/**
 * Made at run time with the openssl CLI (never committed), cached per name list so repeated
 * runs start fast. Throwaway keys for a lab that only listens on loopback.
 */
export function ensureLabCerts(
  validNames: string[],
  baseDir = join(tmpdir(), `vantage-lab-certs-${VERSION}`),
): LabCerts {
  const key = Buffer.from(validNames.join(',')).toString('base64url').slice(-24);
  const dir = join(baseDir, key);
  if (!existsSync(join(dir, 'done'))) {
    // Built aside and renamed into place: two processes starting the lab at once (a test
    // run beside `npm run lab`) must never read one's key with the other's certificate.
    mkdirSync(baseDir, { recursive: true });
    const work = mkdtempSync(join(baseDir, 'tmp-'));
    makeCa(work, 'ca', '/O=Vantage Lab/CN=Vantage Lab CA');
    makeLeaf(work, 'leaf', 'ca', validNames);
    makeLeaf(work, 'block', 'ca', ['block.lab.test']);
    makeCa(work, 'intercept-ca', '/C=KZ/O=Qaznet Trust Network Lab/CN=Qaznet Trust Network Lab');
    makeLeaf(work, 'intercept', 'intercept-ca', ['intercept.lab.test']);
    writeFileSync(join(work, 'done'), new Date().toISOString());
    // A leftover without 'done' is a run that died half-way.
    if (!existsSync(join(dir, 'done'))) rmSync(dir, { recursive: true, force: true });
    try {
      renameSync(work, dir);
    } catch {
      // Another process won the race; its set is complete, use that one.
      rmSync(work, { recursive: true, force: true });
    }
  }
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');
  return {
    dir,
    caPath: join(dir, 'ca.pem'),
    caPem: read('ca.pem'),
    leaf: { key: read('leaf.key'), cert: read('leaf.pem') },
    intercept: {
      key: read('intercept.key'),
      cert: read('intercept.pem'),
      caPath: join(dir, 'intercept-ca.pem'),
    },
    block: { key: read('block.key'), cert: read('block.pem') },
  };
}
