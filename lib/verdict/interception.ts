import type { TlsObservation } from '../probe/types';

/**
 * Certificate authorities known to have been used for state HTTPS interception. Matched against
 * the subject and issuer of every certificate in the chain Firefox reports.
 *
 * Kazakhstan (OONI, "Kazakhstan: TLS MITM attacks…", 2024-09-19, table of root CAs):
 * - "Qaznet Trust Network" — 2019 (Censored Planet; Mozilla bug 1567114).
 * - "Information Security Certification Authority" (O=ISCA) — the 2020 root ("… CA", Mozilla bug
 *   1680927) and the 2020–2024 roots whose intermediates OONI saw on 19 Kazakh networks (bug 1864724).
 * Not listed: the 2015 "НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ" root, which is also the national CA that
 * legitimately signs government certificates.
 */
const INTERCEPTION_CAS: readonly { name: string; pattern: RegExp; country: string }[] = [
  { name: 'Qaznet Trust Network', pattern: /Qaznet Trust Network/i, country: 'KZ' },
  {
    name: 'Information Security Certification Authority',
    pattern: /Information Security Certification Authority/i,
    country: 'KZ',
  },
];

/**
 * Roots that security software installs on the device to scan HTTPS itself. A chain ending in one
 * of these is "it's me" (the antivirus), not the network.
 */
const LOCAL_INSPECTION_CAS: readonly { name: string; pattern: RegExp }[] = [
  { name: 'Kaspersky', pattern: /Kaspersky/i },
  { name: 'ESET', pattern: /ESET SSL Filter/i },
  { name: 'Avast/AVG', pattern: /Web\/Mail Shield Root/i },
  { name: 'Bitdefender', pattern: /Bitdefender Personal CA/i },
  { name: 'Dr.Web', pattern: /Dr\.Web/i },
];

function namesIn(tls: TlsObservation | undefined): string[] {
  return (tls?.chain ?? []).flatMap((cert) => [cert.issuer, cert.subject]).filter(Boolean);
}

export function interceptionCaIn(tls: TlsObservation | undefined) {
  const names = namesIn(tls);
  return INTERCEPTION_CAS.find((ca) => names.some((name) => ca.pattern.test(name)));
}

export function localInspectionCaIn(tls: TlsObservation | undefined) {
  const names = namesIn(tls);
  return LOCAL_INSPECTION_CAS.find((ca) => names.some((name) => ca.pattern.test(name)));
}

/** The issuer at the top of the chain, for evidence ("issued by …"). */
export function rootIssuer(tls: TlsObservation | undefined): string | undefined {
  const chain = tls?.chain ?? [];
  return chain[chain.length - 1]?.issuer || undefined;
}
