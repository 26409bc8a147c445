import { openDatabase, type OutboxRecord } from '../../lib/db';
import { outboxCounts, type OutboxCounts } from '../../lib/contribute';

export interface OutboxView {
  counts: OutboxCounts;
  /** The newest records, newest first (a page never loads a full outbox of measurements). */
  latest: OutboxRecord[];
}

export const OUTBOX_LIST_LIMIT = 50;

/** Read for display only: the background is the one writer. */
export async function readOutboxView(limit = OUTBOX_LIST_LIMIT): Promise<OutboxView> {
  const db = await openDatabase();
  const counts = await outboxCounts(db);
  const latest: OutboxRecord[] = [];
  let cursor = await db.transaction('outbox').store.index('byCreated').openCursor(null, 'prev');
  while (cursor && latest.length < limit) {
    latest.push(cursor.value);
    cursor = await cursor.continue();
  }
  return { counts, latest };
}
