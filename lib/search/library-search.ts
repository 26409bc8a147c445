import MiniSearch from 'minisearch';
import type { ArticleRecord, Database } from '../db';
import { articleVersions } from './index-sync';
import { processTerm, tokenize } from './normalize';
import { INDEX_OPTIONS, searchOptions, toDoc, toHit, type Doc, type SearchHit } from './options';

export type { SearchHit } from './options';

/**
 * Full-text search over the whole library, in the reader page. The index lives in
 * `libraryMeta.searchIndex` so opening the reader does not re-read every article, and is brought
 * up to date incrementally: the articles' ids and fetch times are walked (an index cursor, no
 * article bodies), and only articles that are new, replaced (a newer fetchedAt) or gone are
 * added or discarded. A missing, corrupt or older-format index is rebuilt from the articles —
 * nothing is lost, since the articles themselves are the truth; a tab closed mid-save just leaves
 * the previous index, which the next open brings up to date.
 */
export const SEARCH_INDEX_KEY = 'searchIndex';
/** Bump when the fields, tokenizer or normalization change: stored indexes are then rebuilt. */
// 2: Russian words stemmed (2026-12-02).
export const SEARCH_SCHEMA_VERSION = 2;

interface StoredIndex {
  schemaVersion: number;
  /** Article id → the fetchedAt it was indexed at. */
  indexed: Record<string, number>;
  json: string;
}

export interface SyncReport {
  rebuilt: boolean;
  added: number;
  removed: number;
  documents: number;
  ms: number;
}

const OPTIONS = INDEX_OPTIONS;
const BATCH = 200;
/**
 * Writing the index back costs far more than updating it (10,000 articles: ~20 MB of JSON), so
 * small changes are written after a pause, once, or when the page is hidden (flush()).
 */
const PERSIST_DELAY_MS = 2_000;

export class LibrarySearch {
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  private constructor(
    private readonly db: Database,
    private mini: MiniSearch<Doc>,
    private indexed: Map<string, number>,
  ) {}

  /** Load the stored index (or build one) and bring it up to date with the library. */
  static async open(db: Database): Promise<{ search: LibrarySearch; report: SyncReport }> {
    const started = performance.now();
    const stored = (await db.get('libraryMeta', SEARCH_INDEX_KEY))?.value as StoredIndex | undefined;
    let search: LibrarySearch | undefined;
    if (stored?.schemaVersion === SEARCH_SCHEMA_VERSION && typeof stored.json === 'string') {
      try {
        const mini = MiniSearch.loadJSON<Doc>(stored.json, OPTIONS);
        const indexed = new Map(Object.entries(stored.indexed ?? {}));
        if (mini.documentCount === indexed.size) search = new LibrarySearch(db, mini, indexed);
      } catch {
        // Corrupt (e.g. a half-written value from an old bug or a tampered profile): rebuild.
      }
    }
    const rebuilt = !search;
    search ??= new LibrarySearch(db, new MiniSearch<Doc>(OPTIONS), new Map());
    const { added, removed } = await search.sync();
    // A fresh build is the expensive case: keep it at once.
    if (rebuilt) await search.flush();
    return {
      search,
      report: { rebuilt, added, removed, documents: search.size, ms: performance.now() - started },
    };
  }

  get size(): number {
    return this.indexed.size;
  }

  /** Bring the index up to date with the articles store; what changed is persisted soon after. */
  async sync(): Promise<{ added: number; removed: number }> {
    const current = await articleVersions(this.db);
    const stale: string[] = [];
    for (const [id, fetchedAt] of current) if (this.indexed.get(id) !== fetchedAt) stale.push(id);
    const gone = [...this.indexed.keys()].filter((id) => !current.has(id));
    for (const id of gone) this.forget(id);
    for (let i = 0; i < stale.length; i += BATCH) {
      const tx = this.db.transaction('articles');
      const records = await Promise.all(stale.slice(i, i + BATCH).map((id) => tx.store.get(id)));
      await tx.done;
      for (const record of records) if (record) this.put(record);
    }
    if (stale.length || gone.length) this.changed();
    return { added: stale.length, removed: gone.length };
  }

  /** Index articles just saved (e.g. by a pack import in this page) without a full walk. */
  async indexArticles(articles: ArticleRecord[]): Promise<void> {
    for (const article of articles) this.put(article);
    this.changed();
  }

  async removeFromIndex(ids: string[]): Promise<void> {
    for (const id of ids) this.forget(id);
    this.changed();
  }

  /** Write pending changes now (the page is being hidden, or a test wants them stored). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    // discard() leaves a removed article's words counted in the term statistics until a vacuum,
    // so ranking drifts from a rebuild's; the stored index is always the vacuumed one.
    if (this.mini.dirtCount > 0) await this.mini.vacuum({ batchSize: 5_000, batchWait: 0 });
    await this.persist();
  }

  private changed(): void {
    this.dirty = true;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), PERSIST_DELAY_MS);
  }

  /**
   * Matching articles, best first. Every word must match; the last one as a prefix, so "алмат"
   * finds "Алматы" while typing; words of 5+ letters also match with one or two typos; titles weigh more than
   * body text, and recent articles a little more than old ones.
   */
  search(query: string, options: { sourceId?: string; limit?: number; now?: number } = {}): SearchHit[] {
    if (!tokenize(query).some((word) => processTerm(word))) return [];
    return this.mini
      .search(query, searchOptions(options))
      .slice(0, options.limit ?? 50)
      .map(toHit);
  }

  private put(article: ArticleRecord): void {
    if (this.mini.has(article.id)) this.mini.discard(article.id);
    this.mini.add(toDoc(article));
    this.indexed.set(article.id, article.fetchedAt);
  }

  private forget(id: string): void {
    if (this.mini.has(id)) this.mini.discard(id);
    this.indexed.delete(id);
  }

  private async persist(): Promise<void> {
    this.dirty = false;
    const value: StoredIndex = {
      schemaVersion: SEARCH_SCHEMA_VERSION,
      indexed: Object.fromEntries(this.indexed),
      json: JSON.stringify(this.mini),
    };
    await this.db.put('libraryMeta', { key: SEARCH_INDEX_KEY, value });
  }
}
