import type { DBSchema } from 'idb';
import type { ConnectionAssessment } from '../connectivity/types';
import type { Observation } from '../probe/types';
import type { ConnectionState, Verdict } from '../verdict/types';
import type { ArticleRecord, ImageRecord, LibraryMetaRecord, SourceRecord } from './library-schema';
import type { OutboxRecord } from './outbox-schema';

/** One target checked once: what was seen and what we concluded. */
export interface MeasurementRecord {
  id: string;
  runId: string;
  targetId: string;
  /** ms since epoch; also the sort key of history views. */
  time: number;
  observation: Observation;
  verdict: Verdict;
}

export interface RunRecord {
  id: string;
  trigger: 'install' | 'alarm' | 'manual' | 'tab' | 'navigation-error';
  startedAt: number;
  finishedAt?: number;
  /** 'running' is never left behind: a run found running by a new worker is resumed or closed as partial. */
  status: 'running' | 'done' | 'partial' | 'cancelled';
  targetIds: string[];
  /** Filled when the run closes. While it runs, its stored measurements are its progress
   * (lib/run/store.ts `targetsDoneInRun`); this array is not rewritten per target. */
  doneTargetIds: string[];
  connection?: ConnectionAssessment;
}

export interface OutageRecord {
  id?: number;
  state: ConnectionState;
  start: number;
  end?: number;
}

/**
 * The single Vantage database. Bump DB_VERSION and add a step in migrations.ts;
 * never edit a released step (tests/unit/db/upgrade.test.ts opens a v1 database).
 */
export interface VantageDB extends DBSchema {
  measurements: {
    key: string;
    value: MeasurementRecord;
    indexes: { byTarget: [string, number]; byRun: string; byTime: number };
  };
  runs: { key: string; value: RunRecord; indexes: { byStart: number } };
  outages: { key: number; value: OutageRecord; indexes: { byStart: number } };
  // v3: the offline library.
  sources: { key: string; value: SourceRecord };
  articles: {
    key: string;
    value: ArticleRecord;
    indexes: {
      byUrl: string;
      bySource: [string, number];
      byFetched: number;
      /** [pinned, fetchedAt]: eviction walks [0, oldest] upwards and never reaches a pinned one. */
      byEviction: [number, number];
    };
  };
  images: { key: string; value: ImageRecord; indexes: { byArticle: string } };
  libraryMeta: { key: string; value: LibraryMetaRecord };
  // v4: the contribution outbox.
  outbox: {
    key: string;
    value: OutboxRecord;
    indexes: { byStatus: [string, number]; byCreated: number };
  };
}

export const DB_NAME = 'vantage';
export const DB_VERSION = 4;
