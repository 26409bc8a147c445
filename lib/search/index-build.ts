import MiniSearch from 'minisearch';
import type { ArticleRecord, Database } from '../db';
import { documentState, internals } from './minisearch-internals';
import { INDEX_OPTIONS, searchOptions, toDoc, toHit, type Doc, type SearchHit } from './options';
import { BUILD_KEY } from './shard-store';

const CHECKPOINT_VERSION = 2;
/** Terms per checkpoint record: ≈ 1 MB of postings at 10,000 articles, a few dozen records. */
const CHUNK_TERMS = 1_000;
const chunkKey = (i: number | string) => `${BUILD_KEY}:${i}`;

/**
 * A first build (or a rebuild) of the search index, in the index worker's memory (issue #17).
 * Searchable while it runs: `search()` ranks the articles indexed so far exactly as the finished
 * index will rank them among themselves (the same MiniSearch, asked the same way), so the reader
 * shows results over the indexed part instead of nothing for tens of seconds.
 *
 * Resumable: `checkpoint()` stores what is built so far as a few dozen values (`search3:build`
 * and its chunks `search3:build:<n>`) — not the per-term pieces, because thousands of small
 * records cost more to write than a few large ones (docs/benchmarks.md, "#17, third round"). A worker stopped mid-build (the page closed)
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
    const tx = db.transaction('libraryMeta');
    const [head, chunks] = await Promise.all([
      tx.store.get(BUILD_KEY),
      tx.store.getAll(IDBKeyRange.bound(chunkKey(''), `${chunkKey('')}\uffff`)),
    ]);
    await tx.done;
    if (typeof head?.value === 'string')
      try {
        const stored = JSON.parse(head.value) as {
          version: number;
          indexed: [string, number][];
          chunks: number;
          index: Parameters<typeof MiniSearch.loadJS>[0];
        };
        const parts = new Map(chunks.map((chunk) => [chunk.key, chunk.value]));
        const index: [string, Record<string, Record<string, number>>][] = [];
        for (let i = 0; i < stored.chunks; i++) {
          const part = parts.get(chunkKey(i));
          if (typeof part !== 'string') throw new Error('a checkpoint chunk is missing');
          index.push(...(JSON.parse(part) as typeof index));
        }
        if (stored.version === CHECKPOINT_VERSION && stored.index.documentCount === stored.indexed.length)
          return new IndexBuild(
            MiniSearch.loadJS<Doc>({ ...stored.index, index }, INDEX_OPTIONS),
            new Map(stored.indexed),
            total,
          );
      } catch {
        // A checkpoint cut short or tampered with: built again from the articles, nothing is lost.
      }
    return new IndexBuild(new MiniSearch<Doc>(INDEX_OPTIONS), new Map(), total);
  }

  /**
   * Drop a checkpoint left beside a usable stored index: a second page's worker that resumed a
   * build another one finished, stopped before its own end (otherwise it would stay, ≈ 2 KB an
   * article, until the next rebuild).
   */
  static async dropLeftover(db: Database): Promise<void> {
    if ((await db.getKey('libraryMeta', BUILD_KEY)) === undefined) return;
    const tx = db.transaction('libraryMeta', 'readwrite');
    await Promise.all([
      tx.store.delete(BUILD_KEY),
      tx.store.delete(IDBKeyRange.bound(chunkKey(''), `${chunkKey('')}\uffff`)),
      tx.done,
    ]);
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

  /**
   * Store what is built so far, so an interrupted build resumes from here: MiniSearch's own
   * serialized form, its terms in chunks written as they are serialized (toJSON() and one string
   * would each hold every posting once more while the build is held), in one transaction.
   */
  async checkpoint(db: Database): Promise<void> {
    const inner = internals(this.mini);
    const tx = db.transaction('libraryMeta', 'readwrite');
    const writes: Promise<unknown>[] = [
      tx.store.delete(IDBKeyRange.bound(chunkKey(''), `${chunkKey('')}\uffff`)),
    ];
    let chunk: string[] = [];
    let chunks = 0;
    const flush = () => {
      writes.push(tx.store.put({ key: chunkKey(chunks++), value: `[${chunk.join(',')}]` }));
      chunk = [];
    };
    for (const [term, fields] of inner._index) {
      const postings: Record<string, Record<string, number>> = {};
      for (const [fieldId, freqs] of fields) postings[fieldId] = Object.fromEntries(freqs);
      chunk.push(JSON.stringify([term, postings]));
      if (chunk.length === CHUNK_TERMS) flush();
    }
    if (chunk.length) flush();
    const head = {
      version: CHECKPOINT_VERSION,
      indexed: [...this.indexed],
      chunks,
      index: {
        ...documentState(inner),
        dirtCount: 0,
        serializationVersion: 2,
      },
    };
    writes.push(tx.store.put({ key: BUILD_KEY, value: JSON.stringify(head) }));
    await Promise.all([...writes, tx.done]);
  }
}
