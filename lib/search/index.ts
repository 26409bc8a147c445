/** Full-text search over the offline library; see docs/search.md. */
export { LibrarySearch, SEARCH_INDEX_KEY, SEARCH_SCHEMA_VERSION, type SearchHit } from './library-search';
export { normalizeTerm, tokenize, processTerm } from './normalize';
export { snippet, type SnippetPart } from './snippet';
export { LatestQuery } from './latest-query';
export { nextTask } from './next-task';
export { BuildQueries } from './build-queries';
export { ShardedSearch } from './sharded-search';
export { CorruptIndexError } from './shard-store';
export { syncSearchIndex, type IndexWorkerMessage, type IndexWorkerRequest } from './index-sync';
