// The offline library, capture side: sources, feeds, extraction, sanitizing, storage
// within a budget. The reader (entrypoints/reader, lib/search, lib/library/pack) reads what this writes.
export type { EvictionReport } from './store';
export type { RefreshReport } from './refresh';
export { LIBRARY_ALARM } from './triggers';
export type { LibraryFailure } from './failure';
export type { ProcessedPage } from './process-page';
export type { AddSourceResult } from './sources';
export type { KeepOfflineResult } from './service';
export { isFromPack } from './provenance';
export {
  exportPack,
  importPack,
  type ImportReport,
  type PackSelection,
  signatureStatus,
  type SignatureStatus,
} from './pack';
export {
  type ArticleSummary,
  countOnHost,
  findCopy,
  type LibraryFilter,
  listArticles,
} from './reader-queries';
export { filterForIntent, leaveReaderIntent, type ReaderIntent, takeReaderIntent } from './reader-route';
export { failureMessageKey } from './failure';
export { deleteArticle, lastEviction, markRead, setPinned } from './store';
export type { LoginSign } from './signs-of-login';
export { openArticle, type OpenedArticle, renderArticle } from './render-article';
export { processPage } from './process-page';
export { packHtml } from './compress';
export { articleIdFor, saveArticle } from './store';
