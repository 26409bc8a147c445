import type { CDPSession, Page } from 'playwright-core';
import type { ChromiumSession } from './chromium';

/**
 * Stop the extension's service worker the way Chrome does when it idles one out (DevTools'
 * "Stop" button: ServiceWorker.stopAllWorkers, through a CDP session on one of the extension's
 * own pages). Resolves once Chrome reports the worker's running status as 'stopped' (Playwright's
 * Worker 'close' event comes much later, if at all). The worker comes back on its next event,
 * e.g. a message from a page.
 */
export async function stopServiceWorker(browser: ChromiumSession, page: Page): Promise<void> {
  const cdp = await browser.context.newCDPSession(page);
  const scope = `chrome-extension://${browser.extensionId}/`;
  let stopRequested = false;
  const stopped = new Promise<void>((resolve) => {
    cdp.on(
      'ServiceWorker.workerVersionUpdated',
      (event: { versions: { scriptURL: string; runningStatus: string }[] }) => {
        const ours = event.versions.filter((v) => v.scriptURL.startsWith(scope));
        if (stopRequested && ours.some((v) => v.runningStatus === 'stopped')) resolve();
      },
    );
  });
  try {
    await cdp.send('ServiceWorker.enable');
    stopRequested = true;
    await cdp.send('ServiceWorker.stopAllWorkers');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      stopped,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('the service worker did not stop within 10 s')), 10_000);
      }),
    ]).finally(() => clearTimeout(timer));
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

export interface WorkerDebugger {
  /** Send one CDP command to the worker's own target (e.g. Runtime.getHeapUsage). */
  call<T = Record<string, unknown>>(method: string, params?: Record<string, unknown>): Promise<T>;
  detach(): Promise<void>;
}

/**
 * A CDP connection to the extension's service worker target. Playwright opens CDP sessions on
 * pages only, so this attaches from a browser-level session (available for Chromium even with a
 * persistent context) and talks to the worker through Target.sendMessageToTarget.
 */
export async function attachToServiceWorker(browser: ChromiumSession): Promise<WorkerDebugger> {
  const owner = browser.context.browser();
  if (!owner) throw new Error('no Browser behind this context: cannot open a browser-level CDP session');
  const cdp: CDPSession = await owner.newBrowserCDPSession();
  const { targetInfos } = (await cdp.send('Target.getTargets')) as {
    targetInfos: { targetId: string; type: string; url: string }[];
  };
  const target = targetInfos.find(
    (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${browser.extensionId}/`),
  );
  if (!target) throw new Error('the extension has no running service worker');
  const { sessionId } = (await cdp.send('Target.attachToTarget', {
    targetId: target.targetId,
    flatten: false,
  })) as { sessionId: string };
  let nextId = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  cdp.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message) as {
      id?: number;
      result?: unknown;
      error?: { message: string };
    };
    const waiter = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id!);
    if (message.error) waiter.reject(new Error(message.error.message));
    else waiter.resolve(message.result);
  });
  return {
    call<T>(method: string, params: Record<string, unknown> = {}) {
      const id = ++nextId;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        cdp
          .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) })
          .catch((error: Error) => {
            pending.delete(id);
            reject(error);
          });
      });
    },
    async detach() {
      await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
      await cdp.detach().catch(() => undefined);
    },
  };
}
