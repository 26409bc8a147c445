/**
 * Outbox flush: 1,000 queued measurements sent to the lab's OONI collector — wall time, requests,
 * bytes, and the service worker's peak JS heap meanwhile (CDP Runtime.getHeapUsage, sampled every
 * 100 ms).
 *
 *   VANTAGE_LAB_NET=7 npx tsx bench/outbox.ts      (no assertions; figures for docs/benchmarks.md)
 *
 * The 1,000 records are copies of one real measurement the extension queued and sent (each with
 * its own id and input), written straight into the extension's IndexedDB while they are not yet
 * due; "Send now" (the panel's button, the contributeRetryNow message) then sends them all.
 * Everything runs against the local lab in a Chromium launched by the e2e harness.
 */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import type { OutboxRecord, RunRecord } from '../lib/db';
import { readStore, runAndWait, send } from '../tests/e2e/harness/extension-api';
import { acceptLabEndpoints } from '../tests/e2e/harness/lab-endpoints';
import { labPreset } from '../tests/e2e/harness/lab-preset';
import { startLabSession } from '../tests/e2e/harness/session';
import { attachToServiceWorker } from '../tests/e2e/harness/worker-cdp';

const COUNT = 1_000;

execFileSync('npx', ['wxt', 'build'], { stdio: 'ignore' });
const session = await startLabSession();
try {
  const page = await session.browser.openPage('options.html');
  const imported = await send(page, 'importSettings', {
    json: labPreset([{ url: 'https://clean.lab.test/', name: 'clean', category: 'news' }]),
  });
  if (!imported.ok) throw new Error('preset refused');
  await acceptLabEndpoints(page); // a preset only suggests the collector
  for (let i = 0; ; i++) {
    const runs = await readStore<RunRecord>(page, 'runs');
    if (runs.some((r) => r.trigger === 'install') && runs.every((r) => r.status !== 'running')) break;
    if (i > 100) throw new Error('install run did not close');
    await send(page, 'cancelRun', {});
    await page.waitForTimeout(200);
  }
  // Consent, as a user gives it.
  await page.reload();
  await page.getByTestId('contribute-enable').click();
  await page.getByTestId('contribute-include-user').check();
  await page.getByTestId('contribute-confirm').click();
  await page.getByTestId('contribute-state').filter({ hasText: 'on' }).waitFor();

  // One real measurement, queued and sent: the template.
  await runAndWait(page);
  let template: OutboxRecord | undefined;
  for (let i = 0; !template; i++) {
    template = (await readStore<OutboxRecord>(page, 'outbox')).find((r) => r.status === 'sent');
    if (i > 100) throw new Error('the template measurement was not sent');
    if (!template) await page.waitForTimeout(200);
  }
  const bytesPerMeasurement = JSON.stringify(template.measurement).length;
  session.lab.collector.reset();
  session.lab.requests.length = 0;

  const queuedAt = Date.now();
  await page.evaluate(
    ({ template, count, queuedAt }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('vantage');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('outbox', 'readwrite');
          const store = tx.objectStore('outbox');
          store.clear();
          for (let i = 0; i < count; i++) {
            const { sentAt: _sentAt, ...rest } = template;
            store.put({
              ...rest,
              id: `bench-${i}`,
              measurementId: `bench-${i}`,
              createdAt: queuedAt + i,
              status: 'pending',
              attempts: 0,
              // Not due yet: nothing goes before the timed "Send now".
              nextAttemptAt: queuedAt + 3_600_000,
              measurement: {
                ...template.measurement,
                report_id: '',
                input: `https://clean.lab.test/?n=${i}`,
              },
            });
          }
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { template, count: COUNT, queuedAt },
  );

  await send(page, 'ping', { sentAt: Date.now() });
  const worker = await attachToServiceWorker(session.browser);
  await worker.call('HeapProfiler.collectGarbage').catch(() => undefined);
  const heap = () => worker.call<{ usedSize: number; totalSize: number }>('Runtime.getHeapUsage');
  const base = await heap();
  let peak = base.usedSize;
  let peakTotal = base.totalSize;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const now = await heap().catch(() => undefined);
      if (now) {
        peak = Math.max(peak, now.usedSize);
        peakTotal = Math.max(peakTotal, now.totalSize);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();

  const started = performance.now();
  const summary = await send(page, 'contributeRetryNow', {});
  const wallMs = performance.now() - started;
  sampling = false;
  await sampler;
  await worker.detach();

  const outbox = await readStore<OutboxRecord>(page, 'outbox');
  const received = session.lab.collector.received;
  const inputs = new Set(received.map((r) => r.content.input));
  const bytesIn = session.lab.requests.reduce((sum, r) => sum + Buffer.byteLength(r.body), 0);
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  console.log(`outbox flush, ${new Date().toISOString()}`);
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${mb(totalmem())} MB; ` +
      `Chromium ${session.browser.context.browser()?.version() ?? '?'}`,
  );
  console.log(`queued ${COUNT} measurements of ${(bytesPerMeasurement / 1024).toFixed(1)} KB each`);
  console.log(`flush summary: ${JSON.stringify(summary)}`);
  console.log(
    `wall ${(wallMs / 1000).toFixed(2)} s = ${(wallMs / COUNT).toFixed(1)} ms per measurement ` +
      `(${(COUNT / (wallMs / 1000)).toFixed(0)} per s)`,
  );
  console.log(
    `collector: ${received.length} accepted (${inputs.size} distinct), ${session.lab.collector.reports.size} report(s), ` +
      `${session.lab.requests.length} requests, ${mb(bytesIn)} MB of request bodies`,
  );
  console.log(
    `outbox afterwards: ${outbox.filter((r) => r.status === 'sent').length} sent, ` +
      `${outbox.filter((r) => r.status !== 'sent').length} not sent`,
  );
  console.log(
    `worker heap used: ${mb(base.usedSize)} → peak ${mb(peak)} MB (heap total peak ${mb(peakTotal)} MB)`,
  );
} finally {
  await session.close();
}
