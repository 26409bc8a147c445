export {
  MAX_BUNDLE_BYTES,
  PAYLOAD_FORMAT,
  SIGNED_FORMAT,
  type BundleContents,
  type BundleFingerprints,
  type BundlePayload,
  type InstalledBundle,
  type SignedBundleFile,
} from './format';
export { fingerprintsInForce, parseBundleFingerprints } from './fingerprints';
export { parsePinnedKeys, PINNED_KEYS_ASSET } from './keys';
export { refreshBundle, type Attempt, type AttemptReason, type BundleRefresh } from './refresh';
export { DATA_BUNDLE_KEY, loadInstalledBundle } from './store';
export { verifyBundle, type BundleCheck, type BundleRefusal } from './verify';
export { hostOf, refreshReportLines } from './report';
