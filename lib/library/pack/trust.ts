import { keyFingerprint } from '../../signing';

/**
 * What to say about who made an imported article, decided where it is shown (so trusting a key
 * later changes every label at once). A trusted key is named by the name the user trusted it
 * under; an unknown key only by its fingerprint and the name it gives itself, which anyone can
 * write. Pure apart from hashing.
 */
export type SignatureStatus =
  | { kind: 'unsigned' }
  | { kind: 'trusted'; name: string; fingerprint: string; publicKey: string }
  | { kind: 'unknown'; claimedName: string; fingerprint: string; publicKey: string };

export async function signatureStatus(
  signer: { publicKey: string; name: string } | undefined,
  trusted: readonly { publicKey: string; name: string }[],
): Promise<SignatureStatus> {
  if (!signer) return { kind: 'unsigned' };
  const fingerprint = await keyFingerprint(signer.publicKey);
  // The whole key is compared, never the fingerprint: it is for people, not for the decision.
  const known = trusted.find((key) => key.publicKey === signer.publicKey);
  return known
    ? { kind: 'trusted', name: known.name, fingerprint, publicKey: signer.publicKey }
    : { kind: 'unknown', claimedName: signer.name, fingerprint, publicKey: signer.publicKey };
}
