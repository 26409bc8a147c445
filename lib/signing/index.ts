/** Publisher keys: who signed a pack or a settings file, and the keys this browser holds or trusts. */
export {
  cleanPublisherName,
  fromBase64,
  keyFingerprint,
  MAX_PUBLISHER_NAME_CHARS,
  toBase64,
  type PackPublisher,
  type PackSigner,
} from './publisher';
export {
  forgetKey,
  getOwnKey,
  ownSigner,
  trustedKeys,
  trustKey,
  type OwnKey,
  type TrustedKey,
} from './keystore';
