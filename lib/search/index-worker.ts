/// <reference lib="webworker" />
import { openDatabase } from '../db';
import type { IndexBuild } from './index-build';
import { syncSearchIndex, type IndexWorkerMessage, type IndexWorkerRequest } from './index-sync';
import { nextTask } from './next-task';

/**
 * The reader's index keeper, in a Worker: a rebuild (tens of seconds and ~100 MB at 10,000
 * articles) or a batch of new articles is indexed here, off the page's thread and heap, while
 * the page keeps searching the stored shards. Any message but `search` asks for a sync
 * (`rebuild`: one that rebuilds the index whole, the page having found it unreadable); one asked
 * while one runs is done once after it. Tells the page `progress`, then `done` (or `failed`).
 * While a rebuild runs there is no stored index to search: the page asks `search` here and gets
 * hits over the articles indexed so far (`hits: null` when no build runs).
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;
const tell = (message: IndexWorkerMessage) => scope.postMessage(message);
let running = false;
let again = false;
let build: IndexBuild | undefined;
let discard = false;

scope.onmessage = ({ data }: MessageEvent<IndexWorkerRequest | string>) => {
  if (typeof data === 'object' && data.kind === 'search')
    return tell({
      kind: 'hits',
      id: data.id,
      hits: build ? build.search(data.query, { limit: data.limit }) : null,
      done: build?.done ?? 0,
      total: build?.total ?? 0,
    });
  if (typeof data === 'object' && data.kind === 'rebuild') discard = true;
  if (running) return void (again = true);
  void run();
};

async function run(): Promise<void> {
  running = true;
  try {
    do {
      again = false;
      const db = await openDatabase();
      const whole = discard;
      discard = false;
      const report = await syncSearchIndex(db, (progress) => tell({ kind: 'progress', ...progress }), {
        discard: whole,
        onBuild: (current) => (build = current),
        // Yields between slices of a build, so a query typed meanwhile is answered within a slice.
        pause: nextTask,
      });
      tell({ kind: 'done', ...report });
    } while (again);
  } catch (error) {
    tell({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  } finally {
    running = false;
  }
}
