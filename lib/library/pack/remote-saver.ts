import type { Database } from '../../db';
import type { PackArticleMeta } from './format';
import { compressBody, createSaver, type Built, type SaveReport, type Saver } from './pack-saver';

/**
 * A pack import's saves in a Worker (issue #17, eighth round). Once the page no longer waited on
 * the database between articles, its thread was busy throughout, a third of it inside
 * IndexedDB's `put` — Chromium wraps each value over 64 KB (most pictures) into a blob there,
 * with a round trip to the browser process. The page keeps the work that needs a DOM (parsing,
 * sanitizing) and hands each prepared article — its record and its pictures' bytes,
 * transferred, not copied — to the same saver (pack-saver.ts) running in a worker, with the
 * worker's own connection to the database. The saver's decisions are unchanged: articles are
 * saved in the order sent, and the report is the one the page's own saver would have written.
 *
 * At most IN_FLIGHT articles are sent ahead of what the worker's saver has taken, so what waits
 * between the two is bounded, as the page's batch was.
 */
export type SaveRequest =
  | { kind: 'start'; budgetBytes: number }
  | { kind: 'save'; meta: PackArticleMeta; built: Built | undefined }
  | { kind: 'flush' };

export type SaveReply =
  { kind: 'saved' } | { kind: 'flushed'; report: SaveReport } | { kind: 'failed'; message: string };

interface Port {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
  /** A Worker's: its script failed (then nothing would ever answer). */
  onerror?: ((event: ErrorEvent) => void) | null;
}

const IN_FLIGHT = 48;

/** The worker's side: one saver, its requests served one at a time in the order they came. */
export function serveSaves(port: Port, open: () => Promise<Database>): void {
  let saver: Promise<Saver> | undefined;
  let report: SaveReport = { imported: [], duplicates: [], rejected: [], evicted: 0 };
  let queue = Promise.resolve();
  port.onmessage = ({ data }: MessageEvent<SaveRequest>) => {
    // Each body's compression starts as it arrives, not when the saves before it are done.
    const ready =
      data.kind === 'save' && typeof data.built === 'object' ? compressBody(data.built) : undefined;
    ready?.catch(() => undefined);
    queue = queue.then(async () => {
      try {
        if (data.kind === 'start') {
          report = { imported: [], duplicates: [], rejected: [], evicted: 0 };
          saver = open().then((db) => createSaver(db, report, { budgetBytes: data.budgetBytes }));
          await saver;
          return;
        }
        if (!saver) throw new Error('saves asked before the saver started');
        const save = await saver;
        if (data.kind === 'save') {
          await save(data.meta, ready ? await ready : data.built);
          port.postMessage({ kind: 'saved' } satisfies SaveReply);
        } else {
          await save.flush();
          port.postMessage({ kind: 'flushed', report } satisfies SaveReply);
        }
      } catch (error) {
        port.postMessage({ kind: 'failed', message: String(error).slice(0, 300) } satisfies SaveReply);
      }
    });
  };
}

/** The page's side: a Saver whose saves run behind `port`; the worker's report is added to `report` on flush. */
export function remoteSaver(port: Port, report: SaveReport, budgetBytes: number): Saver {
  let sent = 0;
  let taken = 0;
  let failure: Error | undefined;
  let wake: { resolve: () => void; reject: (error: Error) => void } | undefined;
  let flushed: { resolve: () => void; reject: (error: Error) => void } | undefined;
  port.onmessage = ({ data }: MessageEvent<SaveReply>) => {
    if (data.kind === 'saved') {
      taken++;
      wake?.resolve();
      wake = undefined;
    } else if (data.kind === 'flushed') {
      report.imported.push(...data.report.imported);
      report.duplicates.push(...data.report.duplicates);
      report.rejected.push(...data.report.rejected);
      report.evicted += data.report.evicted;
      flushed?.resolve();
      flushed = undefined;
    } else fail(data.message);
  };
  const fail = (message: string) => {
    failure = new Error(message);
    wake?.reject(failure);
    flushed?.reject(failure);
    wake = flushed = undefined;
  };
  if ('onerror' in port) port.onerror = (event) => fail(`save worker: ${event.message}`);
  port.postMessage({ kind: 'start', budgetBytes } satisfies SaveRequest);
  const save = (async (meta, built) => {
    if (failure) throw failure;
    port.postMessage({ kind: 'save', meta, built } satisfies SaveRequest, transferables(built));
    sent++;
    while (sent - taken > IN_FLIGHT)
      await new Promise<void>((resolve, reject) => (wake = { resolve, reject }));
  }) as Saver;
  save.flush = () => {
    if (failure) return Promise.reject(failure);
    return new Promise<void>((resolve, reject) => {
      flushed = { resolve, reject };
      port.postMessage({ kind: 'flush' } satisfies SaveRequest);
    });
  };
  return save;
}

/** The article's buffers (its gzip body, its pictures' bytes), moved to the worker rather than copied. */
function transferables(built: Built | undefined): Transferable[] {
  if (built === undefined || typeof built === 'string') return [];
  const buffers = new Set<ArrayBuffer>();
  const html = built.article.html;
  if (typeof html !== 'string' && html.gzip instanceof ArrayBuffer) buffers.add(html.gzip);
  for (const image of built.images) if ('bytes' in image) buffers.add(image.bytes);
  return [...buffers];
}
