import type { DBSchema } from 'idb';
import type { ConnectionAssessment } from '../connectivity/types';
import type { Observation } from '../probe/types';
import type { ConnectionState, Verdict } from '../verdict/types';

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
 * never edit a released step (tests/unit/db-upgrade.test.ts opens a v1 database).
 */
export interface VantageDB extends DBSchema {
  measurements: {
    key: string;
    value: MeasurementRecord;
    indexes: { byTarget: [string, number]; byRun: string; byTime: number };
  };
  runs: { key: string; value: RunRecord; indexes: { byStart: number } };
  outages: { key: number; value: OutageRecord; indexes: { byStart: number } };
}

export const DB_NAME = 'vantage';
export const DB_VERSION = 2;
