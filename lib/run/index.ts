export { startRun, recoverInterruptedRuns } from './run-checks';
export type { RunDeps, RunProgress, ConnectionAssessment } from './run-checks';
export * from './store';
export { forEachConcurrently } from './pool';
export { laneRelease } from './lanes';
