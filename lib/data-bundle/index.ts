export {
  MAX_BUNDLE_BYTES,
  PAYLOAD_FORMAT,
  SIGNED_FORMAT,
  type BundleContents,
  type BundlePayload,
  type InstalledBundle,
  type SignedBundleFile,
} from './format';
export { fingerprintsInForce } from './fingerprints';
export { parsePinnedKeys } from './keys';
export { refreshBundle, type BundleRefresh } from './refresh';
export { DATA_BUNDLE_KEY, loadInstalledBundle } from './store';
export { verifyBundle } from './verify';
export { hostOf, refreshReportLines } from './report';
export { followInstalledBundle, loadBundleInForce, putBundleInForce } from './in-force';
export { MAX_PACK_TARGETS } from './packs';
