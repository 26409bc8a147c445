export { createEngine, outageLog, type Engine } from './engine';
export { activeTargets, activeTargetsReport, targetForUrl, type ActiveTargets } from './targets';
export { engineStatus, STATUS_KEY, type EngineStatus } from './status';
export { ALARM_NAME, isDiagnosableNavigationError } from './triggers';
export { wipeEverything } from './wipe';
