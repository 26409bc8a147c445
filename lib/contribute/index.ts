/** Contributing measurements to OONI (issue #6): consent, check-in, scrubbing, outbox, collector. */
export {
  createContributor,
  OUTBOX_ALARM,
  CONTRIBUTE_STATE_KEY,
  type Contributor,
  type ContributeState,
} from './contributor';
