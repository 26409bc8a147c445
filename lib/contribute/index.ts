/** Contributing measurements to OONI: consent, check-in, scrubbing, outbox, collector. */
export {
  createContributor,
  OUTBOX_ALARM,
  CONTRIBUTE_STATE_KEY,
  contributeState,
  type Contributor,
  type ContributeState,
} from './contributor';
