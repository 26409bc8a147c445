/**
 * A publisher's identity as signed packs and settings files carry it (issue #16): a name they
 * gave themselves and a raw Ed25519 public key, base64. Here, not in lib/library/pack, because
 * the keystore and the settings file use it too and the library depends on settings.
 */
export const MAX_PUBLISHER_NAME_CHARS = 100;

export interface PackPublisher {
  /** The name the publisher gave themselves; a claim, shown only next to the key's fingerprint. */
  name: string;
  /** The raw 32-byte Ed25519 public key, base64. */
  publicKey: string;
}

export interface PackSigner extends PackPublisher {
  privateKey: CryptoKey;
}

/** A name a user can give: trimmed, one line, not empty, at most 100 characters. */
export function cleanPublisherName(name: string): string {
  return name.replace(/\s+/g, ' ').trim().slice(0, MAX_PUBLISHER_NAME_CHARS);
}

/**
 * A short fingerprint to read aloud or compare by eye: the first 80 bits of SHA-256 of the raw
 * public key as 25 decimal digits in five groups ("04821 93702 …"). Digits read the same in any
 * language; 80 bits keep a stranger from making a key with the same fingerprint. Stable: part of
 * what people compare across versions (a unit test pins it).
 */
export async function keyFingerprint(publicKey: string): Promise<string> {
  const raw = fromBase64(publicKey) ?? new Uint8Array(0);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', raw));
  let value = 0n;
  for (const byte of digest.slice(0, 10)) value = (value << 8n) | BigInt(byte);
  const digits = value.toString().padStart(25, '0');
  return digits.match(/.{5}/g)!.join(' ');
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  try {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}
