/** Contributing measurements to OONI: consent, check-in, scrubbing, outbox, collector. */
export { contributeState, type ContributeState } from './contributor';
export { toContribution } from './allow-list';
export type { OoniContext } from './ooni-format';
export { scrubJson } from './scrub';
export type { FlushSummary } from './submit';
export { type OthersSee, whatOthersSee } from './others';
export { outboxCounts, type OutboxCounts } from './outbox';
