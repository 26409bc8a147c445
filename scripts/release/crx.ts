/**
 * CRX3 (a zip with a signed protobuf header) via the `crx3` package, fed our deterministic zip so
 * the CRX's payload is byte-identical to the published zip. RSA PKCS#1 v1.5 signatures are
 * deterministic, so the same key and zip give the same CRX.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { Readable } from 'node:stream';
import writeCrx3 from 'crx3';

export function readCrxKey(path: string): { ok: true; publicKey: KeyObject } | { ok: false; detail: string } {
  // crx3 silently makes a new key when keyPath does not exist: a typo would ship under a new id.
  if (!existsSync(path)) return { ok: false, detail: `${path} does not exist` };
  try {
    const privateKey = createPrivateKey(readFileSync(path));
    if (privateKey.asymmetricKeyType !== 'rsa') {
      return {
        ok: false,
        detail: `${path} is a ${privateKey.asymmetricKeyType ?? 'unknown'} key; CRX3 needs RSA`,
      };
    }
    return { ok: true, publicKey: createPublicKey(privateKey) };
  } catch (error) {
    return { ok: false, detail: `${path}: ${(error as Error).message}` };
  }
}

export async function writeCrx(input: { zip: Buffer; keyPath: string; crxPath: string }): Promise<string> {
  const info = (await writeCrx3(Readable.from([input.zip]), {
    crxPath: input.crxPath,
    keyPath: input.keyPath,
  })) as { appId: string };
  return info.appId;
}
