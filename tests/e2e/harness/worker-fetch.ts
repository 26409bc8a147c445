import type { Worker } from 'playwright-core';

export interface WorkerFetchResult {
  status?: number;
  error?: string;
  netError?: string;
  ip?: string;
}

/**
 * Inside the extension's service worker: fetch `url` and report what fetch() saw and what
 * webRequest.onErrorOccurred / onCompleted saw for the same request. Test-only probe; the
 * product's own probe is lib/probe.
 */
export function fetchInWorker(worker: Worker, url: string, timeoutMs = 8_000): Promise<WorkerFetchResult> {
  return worker.evaluate(
    async ([target, timeout]) => {
      type Details = { url: string; error?: string; ip?: string };
      const c = (
        globalThis as unknown as {
          chrome: {
            webRequest: Record<
              string,
              {
                addListener: (l: (d: Details) => void, f: object) => void;
                removeListener: (l: (d: Details) => void) => void;
              }
            >;
          };
        }
      ).chrome;
      const seen: { error?: string; ip?: string } = {};
      const onError = (d: Details) => {
        if (d.url === target) seen.error = d.error;
      };
      const onDone = (d: Details) => {
        if (d.url === target) seen.ip = d.ip;
      };
      c.webRequest.onErrorOccurred!.addListener(onError, { urls: ['<all_urls>'] });
      c.webRequest.onCompleted!.addListener(onDone, { urls: ['<all_urls>'] });
      const result: { status?: number; error?: string; netError?: string; ip?: string } = {};
      try {
        const response = await fetch(target, {
          cache: 'no-store',
          credentials: 'omit',
          signal: AbortSignal.timeout(timeout),
        });
        result.status = response.status;
        await response.text();
      } catch (error) {
        result.error = String(error);
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      c.webRequest.onErrorOccurred!.removeListener(onError);
      c.webRequest.onCompleted!.removeListener(onDone);
      result.netError = seen.error;
      result.ip = seen.ip;
      return result;
    },
    [url, timeoutMs] as const,
  );
}
