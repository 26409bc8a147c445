import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import type { Database } from '../db';
import { internals } from './minisearch-internals';
import { INDEX_OPTIONS, queryTerms, searchOptions, toHit, type Doc, type SearchHit } from './options';
import type { FieldPostings } from './postings-codec';
import { readDocTable, readShards, shardOf, storedPostings } from './shard-store';

const RANGE_READ_FROM = 32;
/**
 * Completions read per range request. The first letters of a word reach hundreds («жа»: 426 terms,
 * 40,000 postings at 10,000 articles; 50–120 ms to read whole, measured) and IndexedDB answers one
 * request after another, so a keystroke's read queued behind them all. In ranges of this many, one
 * after the other, a newer keystroke waits for at most the range being read.
 */
const RANGE_CHUNK = 100;

/** One request of a read: terms by key, and completions by key range. */
interface ReadStep {
  single: string[];
  range?: { from: string; to: string };
  /** Every term this step puts in (single and ranged). */
  terms: string[];
}

/**
 * Search over the sharded stored index (shard-store.ts) in the reader page: opening reads the
 * document table and vocabulary only; each query first finds in the vocabulary every term it can
 * reach (its own, those its last word is a prefix of, those within its typo distance), reads the
 * shards of those not held yet and puts just those terms' postings into MiniSearch, then asks
 * MiniSearch exactly as the whole index would be asked. Held terms are kept for the next
 * keystroke, the least recently used dropped past a budget, so the page's memory stays bounded
 * however much the user searches.
 */
export class ShardedSearch {
  /** Term → its number of postings, most recently used last. */
  private loaded = new Map<string, number>();
  private loadedPostings = 0;
  /** Term → the read that will put it in, while it runs. */
  private reading = new Map<string, Promise<boolean>>();
  private readsStarted = 0;

  private constructor(
    private readonly db: Database,
    private readonly mini: MiniSearch<Doc>,
    private readonly vocabulary: SearchableMap<true>,
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
    const vocabulary = new SearchableMap<true>();
    for (const terms of Object.values(table.vocab))
      for (const term of terms.split(' ')) vocabulary.set(term, true);
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
   * changed since this one was opened — open it again; 'dropped' when `wanted()` said, after the
   * terms were read, that nobody waits for this answer any more (a newer keystroke): the terms
   * read are kept for the next query, the ranking is not computed.
   */
  async search(
    query: string,
    options: { sourceId?: string; limit?: number; now?: number; wanted?: () => boolean } = {},
  ): Promise<SearchHit[] | 'stale' | 'dropped'> {
    const terms = queryTerms(query);
    if (!terms.length) return [];
    const asked = searchOptions(options);
    const needed = this.reachableTerms(terms, asked);
    // Until every term this query reaches is held. Terms an earlier query is reading right now
    // (search as you type: "re", "red", "redu" asked within milliseconds) are waited for, not
    // read again; what a query nobody waits for any more left unread is read here. A few rounds at
    // most, as a term can also be dropped for another query's room.
    for (let round = 0; ; round++) {
      const missing = [...needed].filter((term) => !this.loaded.has(term));
      if (!missing.length) break;
      if (options.wanted && !options.wanted()) return 'dropped';
      if (round === 6) throw new Error('The search index could not hold the terms of this query.');
      const inFlight = new Set(missing.map((term) => this.reading.get(term)).filter((read) => !!read));
      if (inFlight.size) {
        if (!(await Promise.all(inFlight)).every(Boolean)) return 'stale';
        continue;
      }
      if (!(await this.read(terms[terms.length - 1]!, missing, needed, options.wanted))) return 'stale';
    }
    if (options.wanted && !options.wanted()) return 'dropped';
    for (const term of needed) this.touch(term);
    return this.mini
      .search(query, asked)
      .slice(0, options.limit ?? 50)
      .map(toHit);
  }

  /**
   * Read `missing` and put them in; false when the stored index changed. The word being typed
   * can reach hundreds of completions: those are read by key range, RANGE_CHUNK at a time, the
   * next range asked only when the last is in and only while `wanted()`; a query that stops leaves
   * the terms it did not read to whoever needs them (they are no longer marked as being read).
   */
  private read(
    typed: string,
    missing: string[],
    needed: Set<string>,
    wanted?: () => boolean,
  ): Promise<boolean> {
    // In key order (IndexedDB orders string keys by code unit, as sort() does), so each range
    // holds only the completions it is for and those held already.
    const completions = missing.filter((term) => term.startsWith(typed)).sort();
    const ranged = completions.length > RANGE_READ_FROM;
    const single = ranged ? missing.filter((term) => !term.startsWith(typed)) : missing;
    const steps: ReadStep[] = [];
    for (let i = 0; i < (ranged ? completions.length : 1); i += RANGE_CHUNK) {
      const chunk = ranged ? completions.slice(i, i + RANGE_CHUNK) : [];
      const first = i === 0 ? single : [];
      steps.push({
        single: first,
        range: chunk.length ? { from: chunk[0]!, to: chunk[chunk.length - 1]! } : undefined,
        terms: [...first, ...chunk],
      });
    }
    // Each range after the one before: false from a range on once the index changed; true
    // without reading once nobody waits for the answer (the terms are left to whoever needs them).
    let previous = Promise.resolve(true);
    for (const [i, step] of steps.entries()) {
      // The first range is asked at once, in the keystroke's own task.
      const done: Promise<boolean> = (
        i === 0
          ? this.readStep(step, needed)
          : previous.then((current) => {
              if (!current) return false;
              if (wanted && !wanted()) return true;
              return this.readStep(step, needed);
            })
      ).finally(() => {
        for (const term of step.terms) if (this.reading.get(term) === done) this.reading.delete(term);
      });
      // Waiting queries see a failure through their own await; unwaited, it is not unhandled.
      done.catch(() => undefined);
      for (const term of step.terms) this.reading.set(term, done);
      previous = done;
    }
    return previous;
  }

  /** One request of a read, its terms put in; false when the stored index changed. */
  private async readStep(step: ReadStep, needed: Set<string>): Promise<boolean> {
    this.readsStarted++;
    const read = await readShards(this.db, [...new Set(step.single.map(shardOf))], step.range);
    if (read.generation !== this.generation) return false;
    this.makeRoom(needed);
    for (const term of step.terms) {
      const stored = read.shards.get(shardOf(term));
      // A term the vocabulary lists but no record holds (a write cut short): held as empty,
      // so the query goes on without it instead of asking for it again. One whose value does not
      // read (a tampered profile) throws CorruptIndexError: the page then has its worker rebuild
      // the index (use-library-search.ts). An id the table does not hold needs no check:
      // MiniSearch skips it, as it skips a discarded document's.
      this.inject(term, stored === undefined ? { fields: new Map(), count: 0 } : storedPostings(stored));
    }
    return true;
  }

  /** Postings held now (for tests: the budget holds). */
  get postingsHeld(): number {
    return this.loadedPostings;
  }

  /** Reads of the stored terms started so far (for tests: a term asked twice at once is read once). */
  get reads(): number {
    return this.readsStarted;
  }

  /** Shards whose terms are held now (for tests and the benchmark). */
  get loadedShards(): string[] {
    return [...new Set([...this.loaded.keys()].map(shardOf))];
  }

  /** Every stored term MiniSearch could reach from these: exact, prefix, typo. */
  private reachableTerms(terms: string[], asked: ReturnType<typeof searchOptions>): Set<string> {
    const found = new Set<string>();
    terms.forEach((term, i) => {
      if (this.vocabulary.has(term)) found.add(term);
      const prefix = typeof asked.prefix === 'function' ? asked.prefix(term, i, terms) : asked.prefix;
      if (prefix) for (const [reached] of this.vocabulary.atPrefix(term)) found.add(reached);
      const fuzzy = typeof asked.fuzzy === 'function' ? asked.fuzzy(term, i, terms) : asked.fuzzy;
      if (fuzzy) {
        const ratio = fuzzy === true ? 0.2 : fuzzy;
        const distance = ratio < 1 ? Math.min(asked.maxFuzzy ?? 6, Math.round(term.length * ratio)) : ratio;
        if (distance) for (const [reached] of this.vocabulary.fuzzyGet(term, distance)) found.add(reached);
      }
    });
    return found;
  }

  private inject(term: string, { fields, count }: { fields: FieldPostings; count: number }): void {
    internals(this.mini)._index.set(term, fields);
    this.loaded.set(term, count);
    this.loadedPostings += count;
  }

  private touch(term: string): void {
    const count = this.loaded.get(term);
    if (count === undefined) return;
    this.loaded.delete(term);
    this.loaded.set(term, count);
  }

  /** Drop the least recently used terms this query does not need while over the budget. */
  private makeRoom(keep: Set<string>): void {
    const index = internals(this.mini)._index;
    for (const [term, count] of this.loaded) {
      if (this.loadedPostings <= this.budgetPostings) break;
      if (keep.has(term)) continue;
      index.delete(term);
      this.loaded.delete(term);
      this.loadedPostings -= count;
    }
  }
}
