import { isSecurityLayerMessage, netErrorFamily } from '../net';
import type { NetLog } from './net-log';
import type { SniControlObservation } from './types';

export interface SniControlDeps {
  fetch: typeof fetch;
  netLog?: NetLog;
  timeoutMs: number;
  /** Abandons the control (the named request answered after all). */
  signal?: AbortSignal;
}

/**
 * Connect to `https://<ip>/`: a URL with an IP literal sends no SNI. If the TLS handshake
 * gets as far as a certificate (which then will not match the IP) while the named request
 * was reset, whatever reset it was reading the name: SNI filtering, i.e. TLS interference
 * rather than an IP block.
 */
export async function checkWithoutSni(ip: string, deps: SniControlDeps): Promise<SniControlObservation> {
  const url = `https://${ip.includes(':') ? `[${ip}]` : ip}/`;
  const watch = await deps.netLog?.watch(url);
  let answered = false;
  try {
    await deps.fetch(url, {
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'manual',
      signal: deps.signal
        ? AbortSignal.any([deps.signal, AbortSignal.timeout(deps.timeoutMs)])
        : AbortSignal.timeout(deps.timeoutMs),
    });
    answered = true;
  } catch {
    // Expected: the certificate cannot match an IP literal.
  }
  const record = await watch?.settled();
  watch?.release();
  const netError = record?.netError;
  return { ip, handshakeReached: answered || isCertificateError(netError), netError };
}

export function isCertificateError(netError: string | undefined): boolean {
  // The same reading of the browser's error strings as the verdict rules: any certificate
  // family, or (Firefox) a sentence from its security layer — either way a TLS peer answered.
  const family = netErrorFamily(netError);
  return family?.startsWith('cert-') === true || (netError !== undefined && isSecurityLayerMessage(netError));
}
