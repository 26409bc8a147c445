import type MiniSearch from 'minisearch';
import type SearchableMap from 'minisearch/SearchableMap';

/**
 * MiniSearch 7's private fields, as its own loadJS() and toJSON() use them. Reached into in three
 * places only: putting loaded shards into a query-time index (sharded-search.ts), writing a
 * rebuilt index shard by shard without toJSON()'s copy of every posting (shard-store.ts), and a
 * build's checkpoint (index-build.ts). The
 * package is pinned; tests/unit/search/sharded-search.test.ts compares against MiniSearch's own
 * answers, so an upgrade that moved them fails there, not in a user's library.
 */
export interface MiniSearchInternals {
  _index: SearchableMap<Map<number, Map<number, number>>>;
  _documentIds: Map<number, string>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, (number | null)[]>;
  _avgFieldLength: number[];
  _storedFields: Map<number, Record<string, unknown>>;
  _documentCount: number;
  _nextId: number;
}

export const internals = <T>(mini: MiniSearch<T>) => mini as unknown as MiniSearchInternals;

/**
 * The per-document part of MiniSearch's serialized form (what `loadJS` reads besides `index`),
 * read from the live index without `toJSON()`'s copy of every posting.
 */
export function documentState(inner: MiniSearchInternals) {
  return {
    documentCount: inner._documentCount,
    nextId: inner._nextId,
    documentIds: Object.fromEntries(inner._documentIds),
    fieldIds: inner._fieldIds,
    fieldLength: Object.fromEntries(inner._fieldLength),
    averageFieldLength: inner._avgFieldLength,
    storedFields: Object.fromEntries(inner._storedFields),
  };
}
