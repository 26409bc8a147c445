export { activeTargets, activeTargetsReport, targetForUrl } from './targets';
export { engineStatus, STATUS_KEY, type EngineStatus } from './status';
export { isDiagnosableNavigationError } from './triggers';
export { wipeEverything } from './wipe';
export { diagnosingSites, isDiagnosing } from './diagnosing';
