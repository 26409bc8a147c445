/** Contributing measurements to OONI: consent, check-in, scrubbing, outbox, collector. */
export {
  createContributor,
  OUTBOX_ALARM,
  CONTRIBUTE_STATE_KEY,
  contributeState,
  type Contributor,
  type ContributeState,
} from './contributor';
export { toContribution } from './allow-list';
export type { OoniContext } from './ooni-format';
export { scrubJson } from './scrub';
export type { FlushSummary } from './submit';
export { type OthersSee, whatOthersSee } from './others';
export { outboxCounts, type OutboxCounts } from './outbox';
