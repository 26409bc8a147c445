import type { Page } from 'playwright-core';
import type { MeasurementRecord, RunRecord } from '../../../lib/db';
import type { MessageAnswer, MessageData, MessageType, Reply } from '../../../lib/messaging';

/** Send a protocol message from an extension page, exactly as the popup does. */
export async function send<K extends MessageType>(
  page: Page,
  type: K,
  data: MessageData<K>,
): Promise<MessageAnswer<K>> {
  const reply = (await page.evaluate(
    ([t, d]) =>
      (
        globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
      ).chrome.runtime.sendMessage({
        vantage: 1,
        type: t,
        data: d,
      }),
    [type, data] as const,
  )) as Reply<MessageAnswer<K>>;
  if (!reply.ok) throw new Error(`${type} failed: ${reply.reason} ${reply.detail ?? ''}`);
  return reply.value;
}

/**
 * Read a store of the extension's own database from one of its pages. It never creates the
 * database (an open without a version would create an empty one and, left open, block the
 * extension's own upgrade) and always closes its connection. A read that does not answer in 15 s
 * throws, so a poll tries again and a hang names itself rather than using up the test's time.
 */
export function readStore<T>(
  page: Page,
  store: 'measurements' | 'runs' | 'outages' | 'outbox',
): Promise<T[]> {
  const read = page.evaluate(
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('vantage');
        // No database yet: abort the creation, so the read leaves nothing behind.
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = (event) => {
          if (open.error?.name !== 'AbortError') return reject(open.error);
          event.preventDefault();
          resolve([]);
        };
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains(name)) {
            db.close();
            return resolve([]);
          }
          const request = db.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => {
            resolve(request.result as T[]);
            db.close();
          };
          request.onerror = () => {
            reject(request.error);
            db.close();
          };
        };
      }),
    store,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`readStore(${store}): no answer in 15 s`)), 15_000);
  });
  return Promise.race([read, hung]).finally(() => clearTimeout(timer));
}

/**
 * Wait until the install-time run (the default pack, unreachable from the lab) has closed,
 * cancelling it, so a test's own runs and writes are the only ones.
 */
export async function closeInstallRun(page: Page, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const runs = await readStore<RunRecord>(page, 'runs');
    if (runs.some((r) => r.trigger === 'install') && runs.every((r) => r.status !== 'running')) return;
    if (Date.now() > deadline) throw new Error(`install run not closed: ${JSON.stringify(runs)}`);
    await send(page, 'cancelRun', {});
    await page.waitForTimeout(200);
  }
}

/** Start a run and wait until it is closed; returns the run and its measurements. */
export async function runAndWait(
  page: Page,
  timeoutMs = 60_000,
): Promise<{ run: RunRecord; measurements: MeasurementRecord[] }> {
  const deadline = Date.now() + timeoutMs;
  // The install-time run (default pack) may still be going: cancel it, then start ours.
  let started = await send(page, 'checkNow', {});
  while (started.alreadyRunning && Date.now() < deadline) {
    await send(page, 'cancelRun', {});
    await page.waitForTimeout(200);
    started = await send(page, 'checkNow', {});
  }
  const { runId } = started;
  while (Date.now() < deadline) {
    const runs = await readStore<RunRecord>(page, 'runs');
    const run = runs.find((r) => r.id === runId);
    if (run && run.status !== 'running') {
      const measurements = (await readStore<MeasurementRecord>(page, 'measurements')).filter(
        (m) => m.runId === runId,
      );
      return { run, measurements };
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`run ${runId} did not finish in ${timeoutMs} ms`);
}
