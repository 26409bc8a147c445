export { createEngine, outageLog, type Engine } from './engine';
export { activeTargets, targetForUrl } from './targets';
export { STATUS_KEY, type EngineStatus } from './status';
export { ALARM_NAME, isDiagnosableNavigationError } from './triggers';
