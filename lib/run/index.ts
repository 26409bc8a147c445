export { startRun, continueRun, recoverInterruptedRuns } from './run-checks';
export type { RunDeps, RunProgress, RunResult, ConnectionAssessment } from './run-checks';
export * from './store';
export { forEachConcurrently } from './pool';
