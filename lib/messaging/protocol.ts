import type { MeasurementRecord, SourceRecord } from '../db';
import type { FlushSummary } from '../contribute/submit';
import type { AddSourceResult } from '../library/sources';
import type { KeepOfflineResult } from '../library/service';
import type { RefreshReport } from '../library/refresh';
import type { PresetImport, TargetsMode } from '../settings/preset-file';
import type { RefreshResult } from '../advice/mirror-store';
import type { ConsentRequest } from '../settings/consent';
import type { BundleRefresh } from '../data-bundle/refresh';

/**
 * The one protocol between the extension's pages and its background.
 * Each message has one `data` argument and one typed answer. Add a message here,
 * handle it in entrypoints/background.ts, and TypeScript checks both ends.
 */
export interface ProtocolMap {
  /** Liveness check used by the pages (and the e2e smoke test). */
  ping(data: { sentAt: number }): { receivedAt: number; version: string };
  /** The first-run page's answer (issue #12): saved, then a first check if the answer asks for one. */
  consentChoose(data: ConsentRequest): { runId?: string };
  /** Start a run over every active target (or join the one in progress). Refused before consent. */
  checkNow(data: Record<string, never>): { runId: string; alreadyRunning: boolean };
  cancelRun(data: Record<string, never>): { cancelled: boolean };
  /** Diagnose one page (the popup's current tab). Only its origin is measured and kept. */
  checkUrl(data: { url: string }): { measurement?: MeasurementRecord; reason?: 'not-a-website' };
  /** Every stored measurement as OONI-format JSON Lines. */
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
  /** Fetch the mirror list from settings.advice.mirrorsUrl now; on failure the current list stays. */
  adviceRefreshMirrors(data: Record<string, never>): RefreshResult;
  // --- end advice ---
  /** Ask the data-bundle endpoints in turn now (lib/data-bundle); refused before consent. */
  dataBundleRefresh(data: Record<string, never>): BundleRefresh;
  // ── Offline library, capture side (lib/library, issue #5; wt-capture) ──
  /** Every source (feeds and important pages) with its last error. */
  librarySources(data: Record<string, never>): { sources: SourceRecord[] };
  /** Subscribe to a feed (a site's address works: its advertised feed is found) or list an important page. */
  libraryAddSource(data: { url: string; kind: 'feed' | 'page'; title?: string }): AddSourceResult;
  /** Stop refreshing a source; its articles stay. */
  libraryRemoveSource(data: { id: string }): { removed: boolean };
  /** Refresh now (all, or the given sources); joins a refresh in progress. */
  libraryRefresh(data: { sourceIds?: string[] }): RefreshReport;
  /** The popup's "Keep offline": save and pin the page in this tab. */
  libraryKeepOffline(data: { tabId: number }): KeepOfflineResult;
  libraryDeleteArticle(data: { id: string }): { deleted: boolean };
  librarySetPinned(data: { id: string; pinned: boolean }): { updated: boolean };
  // ── end offline library, capture side ──
}

export type MessageType = keyof ProtocolMap;
export type MessageData<K extends MessageType> = Parameters<ProtocolMap[K]>[0];
export type MessageAnswer<K extends MessageType> = ReturnType<ProtocolMap[K]>;

export interface Envelope<K extends MessageType = MessageType> {
  vantage: 1;
  type: K;
  data: MessageData<K>;
}

/** Failures are values the UI can explain, never exceptions thrown across the bus. */
export type Reply<T> = { ok: true; value: T } | { ok: false; reason: string; detail?: string };
