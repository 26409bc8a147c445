import type { MeasurementRecord, SourceRecord } from '../db';
import type { FlushSummary } from '../contribute';
import type { AddSourceResult, KeepOfflineResult, RefreshReport } from '../library';
import type { PresetImport, TargetsMode, ConsentRequest } from '../settings';
import type { RefreshResult } from '../advice';
import type { BundleRefresh } from '../data-bundle';

/**
 * The one protocol between the extension's pages and its background.
 * Each message has one `data` argument and one typed answer. Add a message here and in MESSAGES,
 * answer it in a capability's handlers (lib/background/capability.ts), and TypeScript checks both
 * ends; the router refuses to start if a message has no handler.
 *
 * Articles have no message: the background writes what it captures (refresh, "Keep offline"),
 * and the pages write the user's own edits (read, pin, delete, the popup's undo) through
 * lib/library/store.ts — the same IndexedDB, the same transactions, one path per kind of write.
 */
export interface ProtocolMap {
  /** Test hook: liveness check (the e2e smoke tests, worker restarts). */
  ping(data: { sentAt: number }): { receivedAt: number; version: string };
  /** The first-run page's answer (issue #12): saved, then a first check if the answer asks for one. */
  consentChoose(data: ConsentRequest): { runId?: string };
  /** Start a run over every active target (or join the one in progress). Refused before consent. */
  checkNow(data: Record<string, never>): { runId: string; alreadyRunning: boolean };
  cancelRun(data: Record<string, never>): { cancelled: boolean };
  /** Diagnose one page (the popup's current tab). Only its origin is measured and kept. */
  checkUrl(data: { url: string }): { measurement?: MeasurementRecord; reason?: 'not-a-website' };
  /** Test hook: every stored measurement as OONI-format JSON Lines (the verdict e2e reads them). */
  exportMeasurements(data: Record<string, never>): { jsonl: string; count: number };
  exportSettings(data: Record<string, never>): { json: string };
  /** A settings file; its sites join the user's list unless `targets: 'replace'` (the user's choice). */
  importSettings(data: { json: string; targets?: TargetsMode }): PresetImport;
  /** Measurements, library, settings, outbox: all gone, in one step. */
  wipeEverything(data: Record<string, never>): { wiped: true };

  // --- Contribution (issue #6, lib/contribute): the outbox panel in options. ---
  /** Send now: the given outbox records (every pending one if none) become due, then a flush. */
  contributeRetryNow(data: { ids?: string[] }): FlushSummary;
  /** Remove outbox records the user chose; they will never be sent. */
  contributeRemove(data: { ids: string[] }): { removed: number };
  // --- end of contribution ---
  // --- advice (lib/advice) ---
  /** Test hook: fetch the mirror list from settings.advice.mirrorsUrl now; on failure the current list stays. */
  adviceRefreshMirrors(data: Record<string, never>): RefreshResult;
  // --- end advice ---
  /** Ask the data-bundle endpoints in turn now (lib/data-bundle); refused before consent. */
  dataBundleRefresh(data: Record<string, never>): BundleRefresh;
  // ── Offline library, capture side (lib/library, issue #5; wt-capture) ──
  /** Test hook: every source (feeds and important pages) with its last error (the reader reads the database). */
  librarySources(data: Record<string, never>): { sources: SourceRecord[] };
  /** Subscribe to a feed (a site's address works: its advertised feed is found) or list an important page. */
  libraryAddSource(data: { url: string; kind: 'feed' | 'page'; title?: string }): AddSourceResult;
  /** Stop refreshing a source; its articles stay. */
  libraryRemoveSource(data: { id: string }): { removed: boolean };
  /** Refresh now (all, or the given sources); joins a refresh in progress. */
  libraryRefresh(data: { sourceIds?: string[] }): RefreshReport;
  /** The popup's "Keep offline": save and pin the page in this tab. */
  libraryKeepOffline(data: { tabId: number }): KeepOfflineResult;
  // ── end offline library, capture side ──
}

export type MessageType = keyof ProtocolMap;

/**
 * Every message and who sends it. A test hook is sent only by the tests (tests/e2e): no page
 * depends on it, and it may go once the tests have another way in. Kept to what the tests need.
 */
export const MESSAGES = {
  ping: 'test-hook',
  consentChoose: 'page',
  checkNow: 'page',
  cancelRun: 'page',
  checkUrl: 'page',
  exportMeasurements: 'page',
  exportSettings: 'page',
  importSettings: 'page',
  wipeEverything: 'page',
  contributeRetryNow: 'page',
  contributeRemove: 'page',
  adviceRefreshMirrors: 'test-hook',
  dataBundleRefresh: 'page',
  librarySources: 'test-hook',
  libraryAddSource: 'page',
  libraryRemoveSource: 'page',
  libraryRefresh: 'page',
  libraryKeepOffline: 'page',
} as const satisfies Record<MessageType, 'page' | 'test-hook'>;
export type MessageData<K extends MessageType> = Parameters<ProtocolMap[K]>[0];
export type MessageAnswer<K extends MessageType> = ReturnType<ProtocolMap[K]>;

export interface Envelope<K extends MessageType = MessageType> {
  vantage: 1;
  type: K;
  data: MessageData<K>;
}

/** Failures are values the UI can explain, never exceptions thrown across the bus. */
export type Reply<T> = { ok: true; value: T } | { ok: false; reason: string; detail?: string };
