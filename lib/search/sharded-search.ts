import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import type { Database } from '../db';
import { internals } from './minisearch-internals';
import { INDEX_OPTIONS, queryTerms, searchOptions, toHit, type Doc, type SearchHit } from './options';
import { readDocTable, readShards, type Shard } from './shard-store';

type FieldTermData = Map<number, Map<number, number>>;

/**
 * Search over the sharded stored index (shard-store.ts) in the reader page: opening reads the
 * document table and vocabulary only; each query first loads the shards its terms — and the
 * terms its prefix and typo rules reach, found in the vocabulary — live in, then asks MiniSearch
 * exactly as the whole index would be asked. Loaded shards are kept, least recently used ones
 * dropped past a budget, so the page's memory stays bounded however much the user searches.
 */
export class ShardedSearch {
  /** Shard → its terms, most recently used last. */
  private loaded = new Map<string, { terms: string[]; postings: number }>();
  private loadedPostings = 0;

  private constructor(
    private readonly db: Database,
    private readonly mini: MiniSearch<Doc>,
    private readonly vocabulary: SearchableMap<string>,
    readonly generation: number,
    readonly size: number,
    private readonly budgetPostings: number,
  ) {}

  /** The stored index, or undefined when there is none usable yet (it is being built). */
  static async open(
    db: Database,
    options: { budgetPostings?: number } = {},
  ): Promise<ShardedSearch | undefined> {
    const table = await readDocTable(db);
    if (!table) return undefined;
    const mini = MiniSearch.loadJS<Doc>(
      {
        documentCount: table.documentCount,
        nextId: table.nextId,
        documentIds: table.documentIds,
        fieldIds: table.fieldIds,
        fieldLength: table.fieldLength as Record<string, number[]>,
        averageFieldLength: table.averageFieldLength,
        storedFields: table.storedFields as unknown as Record<string, Record<string, unknown>>,
        dirtCount: 0,
        index: [],
        serializationVersion: 2,
      },
      INDEX_OPTIONS,
    );
    const vocabulary = new SearchableMap<string>();
    for (const [shard, terms] of Object.entries(table.vocab))
      for (const term of terms.split(' ')) vocabulary.set(term, shard);
    return new ShardedSearch(
      db,
      mini,
      vocabulary,
      table.generation,
      table.documentCount,
      // ≈ 20 MB of heap; 10,000 articles hold ≈ 5 M postings.
      options.budgetPostings ?? 600_000,
    );
  }

  /**
   * Matching articles, best first (searchOptions() says how); 'stale' when the stored index
   * changed since this one was opened — open it again.
   */
  async search(
    query: string,
    options: { sourceId?: string; limit?: number; now?: number } = {},
  ): Promise<SearchHit[] | 'stale'> {
    const terms = queryTerms(query);
    if (!terms.length) return [];
    const asked = searchOptions(options);
    const needed = this.shardsFor(terms, asked);
    const missing = [...needed].filter((shard) => !this.loaded.has(shard));
    if (missing.length) {
      const read = await readShards(this.db, missing);
      if (read.generation !== this.generation) return 'stale';
      this.makeRoom(needed);
      for (const shard of missing) this.inject(shard, read.shards.get(shard) ?? {});
    }
    for (const shard of needed) this.touch(shard);
    return this.mini
      .search(query, asked)
      .slice(0, options.limit ?? 50)
      .map(toHit);
  }

  /** Shards currently held (for tests and the benchmark). */
  get loadedShards(): string[] {
    return [...this.loaded.keys()];
  }

  /** Every shard holding a term MiniSearch could reach from these: exact, prefix, typo. */
  private shardsFor(terms: string[], asked: ReturnType<typeof searchOptions>): Set<string> {
    const shards = new Set<string>();
    const add = (shard: string | undefined) => shard !== undefined && shards.add(shard);
    terms.forEach((term, i) => {
      add(this.vocabulary.get(term));
      const prefix = typeof asked.prefix === 'function' ? asked.prefix(term, i, terms) : asked.prefix;
      if (prefix) for (const [, shard] of this.vocabulary.atPrefix(term)) add(shard);
      const fuzzy = typeof asked.fuzzy === 'function' ? asked.fuzzy(term, i, terms) : asked.fuzzy;
      if (fuzzy) {
        const ratio = fuzzy === true ? 0.2 : fuzzy;
        const distance = ratio < 1 ? Math.min(asked.maxFuzzy ?? 6, Math.round(term.length * ratio)) : ratio;
        if (distance) for (const [, [shard]] of this.vocabulary.fuzzyGet(term, distance)) add(shard);
      }
    });
    return shards;
  }

  private inject(shard: string, terms: Shard): void {
    const index = internals(this.mini)._index;
    let postingCount = 0;
    for (const [term, postings] of Object.entries(terms)) {
      const fields: FieldTermData = new Map();
      for (const [fieldId, docs] of Object.entries(postings)) {
        const freqs = new Map<number, number>();
        for (const [shortId, tf] of Object.entries(docs)) freqs.set(Number(shortId), tf);
        postingCount += freqs.size;
        fields.set(Number(fieldId), freqs);
      }
      index.set(term, fields);
    }
    this.loaded.set(shard, { terms: Object.keys(terms), postings: postingCount });
    this.loadedPostings += postingCount;
  }

  private touch(shard: string): void {
    const entry = this.loaded.get(shard);
    if (!entry) return;
    this.loaded.delete(shard);
    this.loaded.set(shard, entry);
  }

  /** Drop the least recently used shards this query does not need while over the budget. */
  private makeRoom(keep: Set<string>): void {
    const index = internals(this.mini)._index;
    for (const [shard, entry] of this.loaded) {
      if (this.loadedPostings <= this.budgetPostings) break;
      if (keep.has(shard)) continue;
      for (const term of entry.terms) index.delete(term);
      this.loaded.delete(shard);
      this.loadedPostings -= entry.postings;
    }
  }
}
