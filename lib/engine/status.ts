import { storage } from 'wxt/utils/storage';
import type { ConnectionAssessment, RunProgress } from '../run';

/**
 * The small summary the popup paints first, before any network or database access:
 * kept in storage.local under STATUS_KEY and rewritten as a run progresses.
 */
export interface EngineStatus {
  running?: { runId: string; done: number; total: number; startedAt: number };
  lastRun?: { runId: string; finishedAt: number; status: string; connection?: ConnectionAssessment };
  /** When the current connection state began (from the outage log). */
  stateSince?: number;
}

export const STATUS_KEY = 'status';

/** The one way to read and write it: typed, `{}` before the first run (same key, same shape). */
export const engineStatus = storage.defineItem<EngineStatus>(`local:${STATUS_KEY}`, { fallback: {} });

export function applyProgress(status: EngineStatus, progress: RunProgress, now: number): EngineStatus {
  if (progress.status === 'running') {
    return {
      ...status,
      running: {
        runId: progress.runId,
        done: progress.done,
        total: progress.total,
        startedAt: status.running?.runId === progress.runId ? status.running.startedAt : now,
      },
    };
  }
  const { running: _finished, ...rest } = status;
  return {
    ...rest,
    lastRun: {
      runId: progress.runId,
      finishedAt: now,
      status: progress.status,
      connection: progress.connection,
    },
  };
}
