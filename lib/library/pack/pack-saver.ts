import type { ArticleRecord, Database } from '../../db';
import { byteSize } from '../compress';
import { packHtml } from '../pack-html';
import type { NewImage } from '../store-core';
import { saveArticles } from '../store-batch';
import type { PackArticleMeta } from './format';

/** What saving a pack's articles tells the user; the import's report adds the pack's own. */
export interface SaveReport {
  imported: { id: string; title: string }[];
  duplicates: { id: string; title: string }[];
  rejected: { title?: string; reason: string }[];
  /** Articles the library removed to make room (the user's budget). */
  evicted: number;
}

/** Articles written per IndexedDB transaction (issue #17: one per article was most of the time). */
const SAVE_BATCH = 32;
/** …or fewer, when their pictures and bodies reach this much: a batch is held in memory. */
const SAVE_BATCH_BYTES = 16 * 1024 * 1024;

/** A prepared article, or why it was refused. */
export type Built = { article: ArticleRecord; images: NewImage[] } | string;

export interface Saver {
  (meta: PackArticleMeta, built: Built | undefined): Promise<void>;
  /** Write what is waiting, and wait for every write. */
  flush(): Promise<void>;
}

/**
 * Saves prepared articles in batches, in the file's order, keeping the first copy of each address
 * (here or earlier). One batch is written while the next is prepared; a batch never holds two
 * copies of one address, so which copy is kept is decided exactly as one save at a time would.
 */
export async function createSaver(
  db: Database,
  report: SaveReport,
  options: { budgetBytes: number },
): Promise<Saver> {
  // Every address already in the library, read once (keys only) instead of a lookup per article.
  const known = await knownAddresses(db);
  let batch: { meta: PackArticleMeta; article: ArticleRecord; images: NewImage[] }[] = [];
  let batchBytes = 0;
  // Addresses waiting in the batch, and in the batch being written.
  let pending = new Set<string>();
  let inFlight = new Set<string>();
  let writing: Promise<void> = Promise.resolve();

  const write = async (items: typeof batch) => {
    const results = await saveArticles(db, items, { budgetBytes: options.budgetBytes });
    for (const [i, saved] of results.entries()) {
      const { meta, article } = items[i]!;
      if (!saved.ok) {
        report.rejected.push({ title: meta.title, reason: saved.reason });
        continue;
      }
      report.evicted += saved.evicted.length;
      // What the budget evicted is gone, and what this pack added is a duplicate for its later copies.
      if (saved.evicted.length) {
        const gone = new Set(saved.evicted.map((evicted) => evicted.id));
        for (const [url, id] of known) if (gone.has(id)) known.delete(url);
      }
      known.set(article.canonicalUrl, saved.article.id);
      report.imported.push({ id: saved.article.id, title: meta.title });
    }
  };
  // The batch waiting is handed over once the one before it is written.
  const send = async () => {
    const items = batch;
    batch = [];
    const urls = pending;
    batchBytes = 0;
    pending = new Set();
    await writing;
    inFlight = urls;
    writing = write(items);
  };

  const save: Saver = async (meta, built) => {
    if (built === undefined) return;
    if (typeof built === 'string') {
      report.rejected.push({ title: meta.title, reason: built });
      return;
    }
    const url = built.article.canonicalUrl;
    // A second copy of an address waiting to be written waits for the first to be written (or refused).
    if (pending.has(url)) await send();
    if (inFlight.has(url)) await writing;
    // Any copy of the address already here — fetched, or from an earlier pack — stays.
    const existing = known.get(url);
    if (existing !== undefined) {
      report.duplicates.push({ id: existing, title: meta.title });
      return;
    }
    // The body is compressed here, not where it was prepared: with the saves in a worker, that
    // is off the page's thread (issue #17, ninth round). Saves are awaited one at a time, so
    // nothing else changes `known` or the batch meanwhile.
    const { article } = await compressBody(built);
    batch.push({ meta, article, images: built.images });
    pending.add(url);
    batchBytes += sizeOf(article, built.images);
    if (batch.length >= SAVE_BATCH || batchBytes >= SAVE_BATCH_BYTES) await send();
  };
  save.flush = async () => {
    if (batch.length) await send();
    await writing;
  };
  return save;
}

/** Articles whose body compressBody has tried already (one kept as text when compressing did not pay). */
const compressed = new WeakSet<ArticleRecord>();

/**
 * The article with its body compressed as the library stores it (pack-html.ts). The save worker
 * starts this as each article arrives, so compressing overlaps the saves before it; the saver
 * does it for any article that did not go through it.
 */
export async function compressBody<T extends Exclude<Built, string>>(built: T): Promise<T> {
  const html = built.article.html;
  if (typeof html !== 'string' || compressed.has(built.article)) return built;
  const article = { ...built.article, html: await packHtml(html) };
  compressed.add(article);
  return { ...built, article };
}

function sizeOf(article: ArticleRecord, images: readonly NewImage[]): number {
  const html = typeof article.html === 'string' ? article.html.length * 2 : byteSize(article.html.gzip);
  return (
    html +
    article.text.length * 2 +
    images.reduce((sum, image) => sum + byteSize('blob' in image ? image.blob : image.bytes), 0)
  );
}

/** canonicalUrl → article id for the whole library, from the byUrl index's keys alone. */
async function knownAddresses(db: Database): Promise<Map<string, string>> {
  const known = new Map<string, string>();
  const tx = db.transaction('articles');
  for (let cursor = await tx.store.index('byUrl').openKeyCursor(); cursor; cursor = await cursor.continue())
    known.set(String(cursor.key), String(cursor.primaryKey));
  await tx.done;
  return known;
}
