export type * from './types';
export { assessConnection } from './assess';
export { recordTransition } from './transitions';
export { reviseVerdicts } from './revise';
