// The offline library, capture side (issue #5): sources, feeds, extraction, sanitizing, storage
// within a budget. The reader (entrypoints/reader, lib/search, lib/library/pack) reads what this writes.
export {
  fail,
  describeFailure,
  failureMessageKey,
  type LibraryFailure,
  type LibraryFailureReason,
} from './failure';
export {
  saveArticle,
  deleteArticle,
  setPinned,
  markRead,
  readArticleHtml,
  lastEviction,
  articleIdFor,
  validateArticle,
  LAST_EVICTION_KEY,
  USAGE_KEY,
  type NewImage,
  type SaveResult,
  type SaveOptions,
  type EvictionReport,
  type EvictedArticle,
} from './store';
export { packHtml } from './compress';
export { addSource, removeSource, defaultSources, seedDefaultSources } from './sources';
export {
  refreshSources,
  refreshSource,
  captureUrl,
  saveProcessed,
  LAST_REFRESH_KEY,
  DEFAULT_LIMITS,
} from './refresh';
export type { RefreshReport, SourceReport, CaptureDeps, CaptureLimits } from './refresh';
export { createLibraryService, type LibraryService, type KeepOfflineResult } from './service';
export { LIBRARY_ALARM, isFirstDegradation, shouldRefreshOnSchedule } from './triggers';
export { discoverFeeds } from './discover';
export { parseFeedText, type ParsedFeed, type FeedItem } from './feeds';
export type { ProcessedPage } from './process-page';
