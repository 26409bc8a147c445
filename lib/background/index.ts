/** The background's frame: the shape every capability exports, and the one router over them. */
export { type Capability, ensurePeriodicAlarm } from './capability';
export { startBackground } from './router';
