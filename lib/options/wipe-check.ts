/** What is still on the device after a wipe, as the options page checks it before saying "gone". */
export interface Leftovers {
  /** IndexedDB databases of this extension that still exist. */
  databases: string[];
  /** storage.local keys that still exist. */
  storageKeys: string[];
  /** Alarms still scheduled. */
  alarms: string[];
}

export interface WipeProbes {
  listDatabases(): Promise<{ name?: string }[]>;
  storageKeys(): Promise<string[]>;
  alarmNames(): Promise<string[]>;
}

/**
 * Look, rather than assume: the page claims "everything is gone" only when nothing is found.
 * Only reads; it never opens a database (opening one would create it again).
 */
export async function findLeftovers(probes: WipeProbes): Promise<Leftovers> {
  const [databases, storageKeys, alarms] = await Promise.all([
    probes.listDatabases().then((list) => list.map((db) => db.name ?? '').filter(Boolean)),
    probes.storageKeys(),
    probes.alarmNames(),
  ]);
  return { databases, storageKeys, alarms };
}

export function isClean(leftovers: Leftovers): boolean {
  return leftovers.databases.length + leftovers.storageKeys.length + leftovers.alarms.length === 0;
}
