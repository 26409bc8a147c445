/** Contributing measurements to OONI (issue #6): consent, check-in, scrubbing, outbox, collector. */
export {
  createContributor,
  OUTBOX_ALARM,
  CONTRIBUTE_STATE_KEY,
  contributeState,
  type Contributor,
  type ContributeState,
} from './contributor';
export { outboxCounts, OUTBOX_CAP, type OutboxCounts } from './outbox';
export { retryDelay } from './backoff';
export type { FlushSummary } from './submit';
export { toOoniMeasurement, toJsonLines } from './ooni-format';
