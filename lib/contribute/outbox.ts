import type { Database, OutboxRecord } from '../db';
import { retryDelay } from './backoff';

/**
 * The outbox in IndexedDB: what waits to be sent, what was sent, what the collector refused
 * and why. It never grows without bound: past the cap, the oldest sent records go first, then
 * the oldest unsent ones — and the caller is told how many unsent ones were dropped, so the
 * user can be (lib/contribute/contributor.ts keeps the report; the options panel shows it).
 */
const OUTBOX_CAP = 5_000;

export interface OutboxCounts {
  pending: number;
  sent: number;
  failed: number;
}

const statusRange = (status: OutboxRecord['status'], upTo = Infinity) =>
  IDBKeyRange.bound([status, -Infinity], [status, upTo]);

/** Add records; prune past `cap`. Returns how many records were dropped, by kind. */
export async function addToOutbox(
  db: Database,
  records: OutboxRecord[],
  cap = OUTBOX_CAP,
): Promise<{ droppedSent: number; droppedUnsent: number }> {
  const tx = db.transaction('outbox', 'readwrite');
  for (const record of records) await tx.store.put(record);
  let excess = (await tx.store.count()) - cap;
  let droppedSent = 0;
  let droppedUnsent = 0;
  if (excess > 0) {
    // Sent records are only a receipt: they go first, oldest sent first.
    const sentKeys = await tx.store.index('byStatus').getAllKeys(statusRange('sent'), excess);
    for (const key of sentKeys) await tx.store.delete(key);
    droppedSent = sentKeys.length;
    excess -= droppedSent;
  }
  if (excess > 0) {
    let cursor = await tx.store.index('byCreated').openCursor();
    while (cursor && excess > 0) {
      if (cursor.value.status !== 'sent') {
        await cursor.delete();
        droppedUnsent++;
        excess--;
      }
      cursor = await cursor.continue();
    }
  }
  await tx.done;
  return { droppedSent, droppedUnsent };
}

/** Pending records whose time has come, oldest first. */
export async function dueRecords(db: Database, now: number, limit = OUTBOX_CAP): Promise<OutboxRecord[]> {
  const due = await db.getAllFromIndex('outbox', 'byStatus', statusRange('pending', now), limit);
  return due.sort((a, b) => a.createdAt - b.createdAt);
}

/** When the next pending record is due, if any. */
export async function nextDueAt(db: Database): Promise<number | undefined> {
  const cursor = await db.transaction('outbox').store.index('byStatus').openCursor(statusRange('pending'));
  return cursor?.value.nextAttemptAt;
}

export async function outboxCounts(db: Database): Promise<OutboxCounts> {
  const index = db.transaction('outbox').store.index('byStatus');
  const [pending, sent, failed] = await Promise.all(
    (['pending', 'sent', 'failed'] as const).map((status) => index.count(statusRange(status))),
  );
  return { pending: pending!, sent: sent!, failed: failed! };
}

export function markSent(record: OutboxRecord, sent: OutboxRecord['measurement'], now: number): OutboxRecord {
  const { error: _error, ...rest } = record;
  return {
    ...rest,
    status: 'sent',
    measurement: sent,
    attempts: record.attempts + 1,
    sentAt: now,
    nextAttemptAt: now,
  };
}

/** A failure worth retrying: pending again, later, by the backoff schedule. */
export function markRetry(record: OutboxRecord, reason: string, now: number): OutboxRecord {
  const attempts = record.attempts + 1;
  return { ...record, status: 'pending', attempts, nextAttemptAt: now + retryDelay(attempts), error: reason };
}

/** Refused for good (the collector said 4xx): kept, with the reason, until the user acts. */
export function markFailed(record: OutboxRecord, reason: string, now: number): OutboxRecord {
  return { ...record, status: 'failed', attempts: record.attempts + 1, nextAttemptAt: now, error: reason };
}

export async function putOutboxRecord(db: Database, record: OutboxRecord): Promise<void> {
  await db.put('outbox', record);
}

/** "Retry now": the given unsent records (all pending ones if none given) are due at once. */
export async function makeDueNow(db: Database, now: number, ids?: string[]): Promise<number> {
  const tx = db.transaction('outbox', 'readwrite');
  const records = ids
    ? (await Promise.all(ids.map((id) => tx.store.get(id)))).filter((r) => r !== undefined)
    : await tx.store.index('byStatus').getAll(statusRange('pending'));
  let changed = 0;
  for (const record of records) {
    if (record.status === 'sent') continue;
    await tx.store.put({ ...record, status: 'pending', nextAttemptAt: now });
    changed++;
  }
  await tx.done;
  return changed;
}

export async function removeFromOutbox(db: Database, ids: string[]): Promise<number> {
  const tx = db.transaction('outbox', 'readwrite');
  let removed = 0;
  for (const id of ids) {
    if (await tx.store.getKey(id)) {
      await tx.store.delete(id);
      removed++;
    }
  }
  await tx.done;
  return removed;
}
