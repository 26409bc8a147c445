import type { TlsObservation } from '../probe/types';

interface CertificateLike {
  subject?: string;
  issuer?: string;
  /** Per certificate (MDN CertificateInfo); the root is the last of the chain. */
  isBuiltInRoot?: boolean;
}
export interface SecurityInfoLike {
  state?: string;
  isUntrusted?: boolean;
  errorMessage?: string;
  certificates?: CertificateLike[];
  isBuiltInRoot?: boolean;
}

/**
 * Firefox's webRequest.getSecurityInfo, reduced to what the verdict needs. `isBuiltInRoot`
 * false means the chain ends in a root installed on this device — how Kazakhstan's
 * "Qaznet Trust Network" certificate intercepted HTTPS in 2019–2024.
 */
export function toTlsObservation(info: SecurityInfoLike): TlsObservation {
  return {
    state: info.state ?? 'unknown',
    isBuiltInRoot: info.isBuiltInRoot ?? info.certificates?.at(-1)?.isBuiltInRoot,
    chain: (info.certificates ?? []).map((cert) => ({
      subject: cert.subject ?? '',
      issuer: cert.issuer ?? '',
    })),
    ...(info.errorMessage ? { errorMessage: info.errorMessage } : {}),
  };
}
