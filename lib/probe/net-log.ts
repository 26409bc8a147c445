import type { RedirectHop } from './types';

/**
 * What webRequest tells us about one of our own requests: the net::ERR_* / NS_ERROR_*
 * string that fetch() hides behind a bare TypeError, the address actually connected to,
 * and each redirect hop.
 *
 * Correlation is by request, not by guessing: a probe registers the exact URL it is about
 * to fetch; the first onBeforeRequest for that URL from the extension itself (tabId -1)
 * claims its requestId, and every later event for that requestId (including after
 * redirects, which keep the id) belongs to that probe. Only one probe per URL may be in
 * flight (the caller waits), so a claim is never ambiguous.
 */
export interface RequestRecord {
  requestId?: string;
  ip?: string;
  statusCode?: number;
  redirects: RedirectHop[];
  netError?: string;
  completed: boolean;
  /** Firefox only: filled in from onHeadersReceived by the security-info hook. */
  securityInfo?: unknown;
}

export interface WebRequestDetails {
  requestId: string;
  url: string;
  tabId: number;
  ip?: string;
  statusCode?: number;
  redirectUrl?: string;
  error?: string;
}

type Listener = (details: WebRequestDetails) => void;
interface EventLike {
  addListener(listener: Listener, filter: { urls: string[]; tabId?: number }, extra?: string[]): void;
}

export interface WebRequestLike {
  onBeforeRequest: EventLike;
  onBeforeRedirect: EventLike;
  onResponseStarted: EventLike;
  onCompleted: EventLike;
  onErrorOccurred: EventLike;
}

export interface NetLog {
  /** Start watching for `url`, after any earlier watch of the same URL is released. */
  watch(url: string): Promise<Watch>;
  /** Called by a browser-specific hook with the requestId (e.g. Firefox security info). */
  annotate(requestId: string, change: Partial<RequestRecord>): void;
}

export interface Watch {
  record: RequestRecord;
  /**
   * Wait for the final event, which may arrive after fetch() settles: up to `graceMs` while
   * webRequest has reported nothing at all, up to `reportingGraceMs` once it has.
   */
  settled(graceMs?: number, reportingGraceMs?: number): Promise<RequestRecord>;
  release(): void;
}

/**
 * webRequest ends every request it shows with onCompleted or onErrorOccurred, but its events
 * travel apart from fetch()'s own answer: on a loaded machine they trail fetch()'s failure by
 * more than half a second — even onBeforeRequest — and without them a sinkhole or a redirect
 * hop's DNS failure reads as "unexplained". So once webRequest has shown it reports (this
 * request or any earlier one of ours), the wait is long; a webRequest that has never reported
 * anything (an API that is absent or silent) keeps the short one.
 */
const REPORTING_GRACE_MS = 5_000;

export function createNetLog(webRequest: WebRequestLike): NetLog {
  const waitingByUrl = new Map<string, { record: RequestRecord; wake: () => void }>();
  const releasedByUrl = new Map<string, Promise<void>>();
  const byRequestId = new Map<string, { record: RequestRecord; wake: () => void }>();
  const filter = { urls: ['http://*/*', 'https://*/*'], tabId: -1 };
  let reporting = false;

  const entry = (details: WebRequestDetails) => byRequestId.get(details.requestId);

  webRequest.onBeforeRequest.addListener((details) => {
    reporting = true;
    // A redirect re-fires onBeforeRequest with the same id: it stays with its first owner.
    if (byRequestId.has(details.requestId)) return;
    const pending = waitingByUrl.get(details.url);
    if (!pending || pending.record.requestId) return;
    pending.record.requestId = details.requestId;
    byRequestId.set(details.requestId, pending);
  }, filter);
  webRequest.onBeforeRedirect.addListener((details) => {
    const found = entry(details);
    if (!found || !details.redirectUrl) return;
    found.record.redirects.push({
      from: details.url,
      to: details.redirectUrl,
      status: details.statusCode ?? 0,
    });
    if (details.ip) found.record.ip = details.ip;
  }, filter);
  webRequest.onResponseStarted.addListener((details) => {
    const found = entry(details);
    if (!found) return;
    if (details.ip) found.record.ip = details.ip;
    found.record.statusCode = details.statusCode;
  }, filter);
  webRequest.onCompleted.addListener((details) => {
    const found = entry(details);
    if (!found) return;
    if (details.ip) found.record.ip = details.ip;
    found.record.statusCode = details.statusCode;
    found.record.completed = true;
    found.wake();
  }, filter);
  webRequest.onErrorOccurred.addListener((details) => {
    const found = entry(details);
    if (!found) return;
    if (details.ip) found.record.ip = details.ip;
    found.record.netError = details.error;
    found.wake();
  }, filter);

  return {
    async watch(url) {
      // Serialise probes of the same URL so a requestId is never claimed by the wrong one.
      while (releasedByUrl.has(url)) await releasedByUrl.get(url);
      let unlock = () => {};
      releasedByUrl.set(url, new Promise<void>((resolve) => (unlock = resolve)));
      const record: RequestRecord = { redirects: [], completed: false };
      let wake = () => {};
      const finished = new Promise<void>((resolve) => (wake = resolve));
      const slot = { record, wake: () => wake() };
      waitingByUrl.set(url, slot);
      return {
        record,
        async settled(graceMs = 500, reportingGraceMs = REPORTING_GRACE_MS) {
          if (!record.completed && !record.netError) {
            const wait = record.requestId || reporting ? reportingGraceMs : graceMs;
            let timer: ReturnType<typeof setTimeout> | undefined;
            await Promise.race([finished, new Promise((resolve) => (timer = setTimeout(resolve, wait)))]);
            clearTimeout(timer);
          }
          return record;
        },
        release() {
          if (waitingByUrl.get(url) === slot) waitingByUrl.delete(url);
          if (record.requestId) byRequestId.delete(record.requestId);
          releasedByUrl.delete(url);
          unlock();
        },
      };
    },
    annotate(requestId, change) {
      const found = byRequestId.get(requestId);
      if (found) Object.assign(found.record, change);
    },
  };
}
