import type { ArticleRecord, Database } from '../../../lib/db';

/**
 * A database whose disk is full once `room` articles are stored: the write that would pass it is
 * refused with QuotaExceededError and aborts its transaction, as a browser's does (IndexedDB:
 * a failed request aborts its transaction unless handled; Chromium reports a full disk as
 * QuotaExceededError). Shared by the batch-save and the pack-import tests.
 */
export function fullAfter(db: Database, room: number): Database {
  const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  return new Proxy(db, {
    get(target, prop) {
      if (prop !== 'transaction') return Reflect.get(target, prop);
      return (...args: Parameters<Database['transaction']>) => {
        const tx = target.transaction(...args);
        const store = tx.objectStore('articles');
        const put = store.put!.bind(store);
        // Counted in the order the writes are asked (the saver does not wait for one put before
        // asking the next): what was stored before this transaction, and its puts before this one.
        // A refused write aborts its transaction, as a browser's does: nothing of it is kept.
        let before: Promise<number> | undefined;
        let asked = 0;
        (store as { put: unknown }).put = (value: ArticleRecord) => {
          before ??= store.count();
          const n = asked++;
          const request = put(value);
          return before.then((count) => {
            if (count + n < room) return request;
            request.catch(() => undefined);
            try {
              tx.abort();
            } catch {
              // Already aborted by an earlier refusal.
            }
            throw quota;
          });
        };
        return tx;
      };
    },
  });
}
