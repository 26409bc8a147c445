// The offline library as its pages, the offscreen document and the benchmarks use it: the
// reader's lists and rendering, the user's own edits (read, pin, delete), "Keep offline", packs,
// page extraction, and the types the messages carry. The background enters through
// capability.ts (the service, refresh, triggers), which is not re-exported here.
export { LIBRARY_ALARM } from './triggers';
export { failureMessageKey, type LibraryFailure } from './failure';
export { processPage, type ProcessedPage } from './process-page';
export type { LoginSign } from './signs-of-login';
export type { RefreshReport } from './refresh';
export type { AddSourceResult } from './sources';
export type { KeepOfflineResult } from './service';
export { packHtml } from './pack-html';
export { articleIdFor, lastEviction, markRead, saveArticle, setPinned, type EvictionReport } from './store';
export { deleteArticle } from './delete-article';
export { isFromPack } from './provenance';
export {
  countOnHost,
  findCopy,
  listArticles,
  type ArticleSummary,
  type LibraryFilter,
} from './reader-queries';
export { filterForIntent, leaveReaderIntent, takeReaderIntent, type ReaderIntent } from './reader-route';
export { openArticle, renderArticle, type OpenedArticle } from './render-article';
export {
  exportPack,
  importPack,
  PACK_LIMITS,
  PackTooLargeError,
  remoteSaver,
  signatureStatus,
  type ImportReport,
  type PackSelection,
  type SignatureStatus,
} from './pack';
export { sourceLabels } from './source-labels';
export { splitAddressLines } from './address-lines';
