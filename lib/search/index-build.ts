import MiniSearch from 'minisearch';
import type { ArticleRecord, Database } from '../db';
import { internals } from './minisearch-internals';
import { INDEX_OPTIONS, searchOptions, toDoc, toHit, type Doc, type SearchHit } from './options';
import { BUILD_KEY } from './shard-store';

const CHECKPOINT_VERSION = 1;

/**
 * A first build (or a rebuild) of the search index, in the index worker's memory (issue #17).
 * Searchable while it runs: `search()` ranks the articles indexed so far exactly as the finished
 * index will rank them among themselves (the same MiniSearch, asked the same way), so the reader
 * shows results over the indexed part instead of nothing for tens of seconds.
 *
 * Resumable: `checkpoint()` stores what is built so far as one value (`search3:build`) — one
 * value, not the per-term pieces, because thousands of small records cost more to write than one
 * large one (docs/benchmarks.md, "#17, third round"). A worker stopped mid-build (the page closed)
 * leaves the last checkpoint; the next build starts from it instead of from zero. The finished
 * index replaces it (writeWholeIndex drops every `search3:` key in the same transaction).
 */
export class IndexBuild {
  private constructor(
    readonly mini: MiniSearch<Doc>,
    /** Article id → the fetchedAt it was indexed at. */
    readonly indexed: Map<string, number>,
    /** Articles to index in all (for "N of M"). */
    public total: number,
  ) {}

  /** The build stored by an earlier, interrupted worker, or a new one when there is none usable. */
  static async resume(db: Database, total: number): Promise<IndexBuild> {
    const raw = (await db.get('libraryMeta', BUILD_KEY))?.value;
    if (typeof raw === 'string')
      try {
        const stored = JSON.parse(raw) as {
          version: number;
          indexed: [string, number][];
          index: Parameters<typeof MiniSearch.loadJS>[0];
        };
        if (stored.version === CHECKPOINT_VERSION && stored.index.documentCount === stored.indexed.length)
          return new IndexBuild(
            MiniSearch.loadJS<Doc>(stored.index, INDEX_OPTIONS),
            new Map(stored.indexed),
            total,
          );
      } catch {
        // A checkpoint cut short or tampered with: built again from the articles, nothing is lost.
      }
    return new IndexBuild(new MiniSearch<Doc>(INDEX_OPTIONS), new Map(), total);
  }

  get done(): number {
    return this.indexed.size;
  }

  add(records: ArticleRecord[]): void {
    this.mini.addAll(records.map(toDoc));
    for (const record of records) this.indexed.set(record.id, record.fetchedAt);
  }

  /** The articles indexed so far that match, ranked as the finished index ranks them. */
  search(query: string, options: { sourceId?: string; limit?: number; now?: number } = {}): SearchHit[] {
    return this.mini
      .search(query, searchOptions(options))
      .slice(0, options.limit ?? 50)
      .map(toHit);
  }

  /** Store what is built so far (one value), so an interrupted build resumes from here. */
  async checkpoint(db: Database): Promise<void> {
    await db.put('libraryMeta', { key: BUILD_KEY, value: serialize(this.mini, this.indexed) });
  }
}

/**
 * The same JSON as `JSON.stringify({version, indexed, index: mini.toJSON()})`, written term by
 * term: toJSON() would first copy every posting of the index into one object graph (the
 * worker's heap would hold the index twice while it writes).
 */
function serialize(mini: MiniSearch<Doc>, indexed: Map<string, number>): string {
  const inner = internals(mini);
  const head = JSON.stringify({
    version: CHECKPOINT_VERSION,
    indexed: [...indexed],
    index: {
      documentCount: inner._documentCount,
      nextId: inner._nextId,
      documentIds: Object.fromEntries(inner._documentIds),
      fieldIds: inner._fieldIds,
      fieldLength: Object.fromEntries(inner._fieldLength),
      averageFieldLength: inner._avgFieldLength,
      storedFields: Object.fromEntries(inner._storedFields),
      dirtCount: 0,
      serializationVersion: 2,
    },
  });
  const terms: string[] = [];
  for (const [term, fields] of inner._index) {
    const postings: Record<string, Record<string, number>> = {};
    for (const [fieldId, freqs] of fields) postings[fieldId] = Object.fromEntries(freqs);
    terms.push(JSON.stringify([term, postings]));
  }
  // head ends with "}}": the index object is reopened to add its terms.
  return `${head.slice(0, -2)},"index":[${terms.join(',')}]}}`;
}
