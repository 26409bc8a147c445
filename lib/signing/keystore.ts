import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { cleanPublisherName, keyFingerprint, toBase64, type PackSigner } from './publisher';

/**
 * The user's own publisher key and the keys they chose to trust (issue #16), in a small database
 * of its own on this device. Never synced, never sent: IndexedDB is local to this browser profile,
 * and "Wipe everything" deletes every database of the extension (lib/engine/wipe.ts). The private
 * key is a non-extractable CryptoKey: this extension can sign with it, but no page, export or bug
 * can read its bytes out. Each call opens and closes its own connection, so a wipe is never held
 * up by a page that still has the database open.
 */
const KEYS_DB_NAME = 'vantage-keys';

export interface OwnKeyRecord {
  id: 'publisher';
  name: string;
  publicKey: string;
  privateKey: CryptoKey;
  createdAt: number;
}

export interface TrustedKey {
  publicKey: string;
  /** The name the user trusts it under (the pack's or the settings file's, as the user accepted). */
  name: string;
  trustedAt: number;
}

interface KeysSchema extends DBSchema {
  own: { key: string; value: OwnKeyRecord };
  trusted: { key: string; value: TrustedKey };
}

async function withKeys<T>(work: (db: IDBPDatabase<KeysSchema>) => Promise<T>): Promise<T> {
  const db = await openDB<KeysSchema>(KEYS_DB_NAME, 1, {
    upgrade(database) {
      database.createObjectStore('own', { keyPath: 'id' });
      database.createObjectStore('trusted', { keyPath: 'publicKey' });
    },
  });
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

export interface OwnKey {
  name: string;
  publicKey: string;
  fingerprint: string;
}

export async function getOwnKey(): Promise<OwnKey | undefined> {
  const record = await withKeys((db) => db.get('own', 'publisher'));
  if (!record) return undefined;
  return {
    name: record.name,
    publicKey: record.publicKey,
    fingerprint: await keyFingerprint(record.publicKey),
  };
}

/** The signer for an export: the existing key, or a new one under the given name on first use. */
export async function ownSigner(nameForNewKey?: string, now = Date.now()): Promise<PackSigner> {
  const existing = await withKeys((db) => db.get('own', 'publisher'));
  if (existing)
    return { name: existing.name, publicKey: existing.publicKey, privateKey: existing.privateKey };
  const name = cleanPublisherName(nameForNewKey ?? '');
  if (!name) throw new Error('a publisher name is needed to create a key');
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const publicKey = toBase64(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)));
  const record: OwnKeyRecord = {
    id: 'publisher',
    name,
    publicKey,
    privateKey: pair.privateKey,
    createdAt: now,
  };
  // Two tabs creating at once: the first key written wins, and both sign with it.
  const kept = await withKeys(async (db) => {
    const tx = db.transaction('own', 'readwrite');
    const already = await tx.store.get('publisher');
    if (!already) await tx.store.put(record);
    await tx.done;
    return already ?? record;
  });
  return { name: kept.name, publicKey: kept.publicKey, privateKey: kept.privateKey };
}

/** Trust a key under a name (it becomes "signed by <name>" wherever its packs' articles show). */
export async function trustKey(publicKey: string, name: string, now = Date.now()): Promise<void> {
  const clean = cleanPublisherName(name);
  await withKeys((db) =>
    db.put('trusted', { publicKey, name: clean || publicKey.slice(0, 8), trustedAt: now }),
  );
}

export async function forgetKey(publicKey: string): Promise<void> {
  await withKeys((db) => db.delete('trusted', publicKey));
}

export async function trustedKeys(): Promise<TrustedKey[]> {
  return withKeys((db) => db.getAll('trusted'));
}
