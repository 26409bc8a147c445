/// <reference lib="webworker" />
import { openDatabase } from '../db';
import { syncSearchIndex, type IndexWorkerMessage } from './index-sync';

/**
 * The reader's index keeper, in a Worker: a rebuild (tens of seconds and ~100 MB at 10,000
 * articles) or a batch of new articles is indexed here, off the page's thread and heap, while
 * the page keeps searching the stored shards. Any message asks for a sync; one asked while one
 * runs is done once after it. Tells the page `progress`, then `done` (or `failed`).
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;
const tell = (message: IndexWorkerMessage) => scope.postMessage(message);
let running = false;
let again = false;

scope.onmessage = () => {
  if (running) return void (again = true);
  void run();
};

async function run(): Promise<void> {
  running = true;
  try {
    do {
      again = false;
      const db = await openDatabase();
      const report = await syncSearchIndex(db, (progress) => tell({ kind: 'progress', ...progress }));
      tell({ kind: 'done', ...report });
    } while (again);
  } catch (error) {
    tell({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  } finally {
    running = false;
  }
}
