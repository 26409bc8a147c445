/** Offline packs: pass the library on as one HTML file (docs/library-packs.md). */
export { exportPack, type PackSelection, type PackLabels, type ExportedPack } from './export-pack';
export { importPack, type ImportReport, type ImportFailure } from './import-pack';
export { PACK_LIMITS, PACK_VERSION, MANIFEST_ID } from './format';
export { checkPackSignature, signPackHtml, SIGNATURE_ID } from './signature';
export { signatureStatus, type SignatureStatus } from './trust';
