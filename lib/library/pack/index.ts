/** Offline packs: pass the library on as one HTML file (docs/library-packs.md). */
export { exportPack, PackTooLargeError, type PackSelection, type PackLabels } from './export-pack';
export { importPack, type ImportReport } from './import-pack';
export { remoteSaver } from './remote-saver';
export { PACK_LIMITS } from './format';
export { checkPackSignature } from './signature';
export { checkPackFile } from './pack-head';
export { signatureStatus, type SignatureStatus } from './trust';
