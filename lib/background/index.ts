/** The background's frame: the shape every capability exports, and the one router over them. */
export type { Capability } from './capability';
export { startBackground } from './router';
