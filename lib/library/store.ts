/**
 * The offline library's storage (issue #5, Storage): articles with their images, a total budget,
 * eviction of the oldest unpinned articles, and atomic saves.
 *
 * Every save is ONE readwrite transaction over articles + images + libraryMeta: the old copy of
 * the same canonical URL and its images go, evictions happen, the new article and images are put,
 * and the running total and eviction report are updated — or, on any failure (quota, over budget),
 * the transaction aborts and nothing of it is written. Everything that awaits something other
 * than IndexedDB (hashing, gzip) happens before the transaction opens: an await on anything else
 * would let the transaction auto-commit half-way.
 */
import type { IDBPTransaction } from 'idb';
import type { ArticleRecord, Database, ImageRecord, VantageDB } from '../db';
import { articleId } from './article-id';
import { compressHtml, storedHtmlBytes, utf8Bytes } from './compress';

/** What a caller hands in: the id, stored HTML form, image keys and size are computed here. */
export type NewArticle = Omit<ArticleRecord, 'id' | 'html' | 'imageKeys' | 'bytes' | 'pinned' | 'read'> & {
  html: string;
  pinned?: 0 | 1;
  read?: 0 | 1;
};

export interface NewImage {
  url: string;
  blob: Blob;
}

export interface EvictedArticle {
  id: string;
  title: string;
  url: string;
  bytes: number;
}

/** Stored in libraryMeta under 'lastEviction' so the library page can tell the user. */
export interface EvictionReport {
  at: number;
  evicted: EvictedArticle[];
  freedBytes: number;
}

export type LibraryError =
  /** The browser refused to store more (QuotaExceededError): the disk or the origin's quota is full. */
  | { kind: 'quota'; message: string }
  /** Even after evicting every unpinned article the save would exceed the user's budget. */
  | { kind: 'over-budget'; message: string; neededBytes: number; budgetBytes: number; pinnedBytes: number }
  /** Any other IndexedDB failure. */
  | { kind: 'failed'; message: string };

export type SaveResult =
  { ok: true; article: ArticleRecord; evicted: EvictedArticle[] } | { ok: false; error: LibraryError };

export interface LibraryUsage {
  count: number;
  bytes: number;
  pinned: number;
}

export const TOTAL_BYTES_KEY = 'totalBytes';
export const LAST_EVICTION_KEY = 'lastEviction';

type LibraryTx = IDBPTransaction<VantageDB, ('articles' | 'images' | 'libraryMeta')[], 'readwrite'>;

/** Thrown inside the transaction to abort it; never leaves this module. */
class OverBudget extends Error {
  constructor(readonly detail: Extract<LibraryError, { kind: 'over-budget' }>) {
    super(detail.message);
  }
}

export async function saveArticle(
  db: Database,
  input: NewArticle,
  images: NewImage[],
  options: { budgetBytes: number; now?: number },
): Promise<SaveResult> {
  const id = await articleId(input.canonicalUrl);
  const html = await compressHtml(input.html);
  const imageRecords: ImageRecord[] = images.map((image, n) => ({
    key: `${id}/${n}`,
    articleId: id,
    url: image.url,
    blob: image.blob,
  }));
  const bytes =
    storedHtmlBytes(html) +
    utf8Bytes(input.text) +
    imageRecords.reduce((sum, image) => sum + image.blob.size, 0);

  const tx = db.transaction(['articles', 'images', 'libraryMeta'], 'readwrite');
  // Observe the outcome from the start, so an abort is never an unhandled rejection.
  const outcome = tx.done.then(
    () => undefined,
    (error: unknown) => error ?? tx.error,
  );
  try {
    const articles = tx.objectStore('articles');
    let total = await readTotal(tx);

    // By canonical URL, not only by id: a copy stored under another id (an imported pack, an
    // older id scheme) would otherwise make the unique byUrl index refuse the save.
    const old = (await articles.index('byUrl').get(input.canonicalUrl)) ?? (await articles.get(id));
    if (old) total -= await removeArticle(tx, old);

    const evicted: EvictedArticle[] = [];
    let cursor = await articles
      .index('byEviction')
      .openCursor(IDBKeyRange.bound([0, -Infinity], [0, Infinity]));
    while (total + bytes > options.budgetBytes && cursor) {
      const victim = cursor.value;
      total -= await removeArticle(tx, victim);
      evicted.push({ id: victim.id, title: victim.title, url: victim.url, bytes: victim.bytes });
      cursor = await cursor.continue();
    }
    if (total + bytes > options.budgetBytes) {
      throw new OverBudget({
        kind: 'over-budget',
        neededBytes: bytes,
        budgetBytes: options.budgetBytes,
        pinnedBytes: total,
        message:
          `This article needs ${formatBytes(bytes)}, but pinned articles already take ${formatBytes(total)} ` +
          `of the ${formatBytes(options.budgetBytes)} library budget. Unpin some articles or raise the budget.`,
      });
    }

    const article: ArticleRecord = {
      ...input,
      id,
      html,
      imageKeys: imageRecords.map((image) => image.key),
      bytes,
      // A re-fetch must not undo what the user did with the old copy.
      pinned: old?.pinned === 1 || input.pinned === 1 ? 1 : 0,
      read: old?.read === 1 || input.read === 1 ? 1 : 0,
    };
    const imageStore = tx.objectStore('images');
    for (const image of imageRecords) await imageStore.put(image);
    await articles.put(article);

    const meta = tx.objectStore('libraryMeta');
    await meta.put({ key: TOTAL_BYTES_KEY, value: total + bytes });
    if (evicted.length > 0) {
      const report: EvictionReport = {
        at: options.now ?? Date.now(),
        evicted,
        freedBytes: evicted.reduce((sum, e) => sum + e.bytes, 0),
      };
      await meta.put({ key: LAST_EVICTION_KEY, value: report });
    }
    const failure = await outcome;
    if (failure !== undefined) return { ok: false, error: toLibraryError(failure) };
    return { ok: true, article, evicted };
  } catch (error) {
    abortQuietly(tx);
    const failure = await outcome;
    if (error instanceof OverBudget) return { ok: false, error: error.detail };
    // A request's own error (e.g. QuotaExceededError) is more telling than the AbortError after it.
    return { ok: false, error: toLibraryError(isNamed(error) ? error : failure) };
  }
}

export async function deleteArticle(db: Database, id: string): Promise<boolean> {
  const tx = db.transaction(['articles', 'images', 'libraryMeta'], 'readwrite');
  const old = await tx.objectStore('articles').get(id);
  if (old) {
    const total = await readTotal(tx);
    const freed = await removeArticle(tx, old);
    await tx.objectStore('libraryMeta').put({ key: TOTAL_BYTES_KEY, value: Math.max(0, total - freed) });
  }
  await tx.done;
  return old !== undefined;
}

export function setPinned(db: Database, id: string, pinned: boolean): Promise<boolean> {
  return updateArticle(db, id, (article) => ({ ...article, pinned: pinned ? 1 : 0 }));
}

export function markRead(db: Database, id: string, read = true): Promise<boolean> {
  return updateArticle(db, id, (article) => ({ ...article, read: read ? 1 : 0 }));
}

export async function libraryUsage(db: Database): Promise<LibraryUsage> {
  const tx = db.transaction(['articles', 'images', 'libraryMeta'], 'readwrite');
  const articles = tx.objectStore('articles');
  const count = await articles.count();
  const pinned = await articles.index('byEviction').count(IDBKeyRange.bound([1, -Infinity], [1, Infinity]));
  const bytes = await readTotal(tx);
  await tx.done;
  return { count, bytes, pinned };
}

export async function lastEviction(db: Database): Promise<EvictionReport | undefined> {
  const record = await db.get('libraryMeta', LAST_EVICTION_KEY);
  return record?.value as EvictionReport | undefined;
}

async function updateArticle(
  db: Database,
  id: string,
  change: (article: ArticleRecord) => ArticleRecord,
): Promise<boolean> {
  const tx = db.transaction('articles', 'readwrite');
  const article = await tx.store.get(id);
  if (article) await tx.store.put(change(article));
  await tx.done;
  return article !== undefined;
}

/** Delete an article and its images; returns the bytes freed. */
async function removeArticle(tx: LibraryTx, article: ArticleRecord): Promise<number> {
  const images = tx.objectStore('images');
  // By index, not imageKeys: an image orphaned by an older bug goes too.
  for (const key of await images.index('byArticle').getAllKeys(article.id)) await images.delete(key);
  await tx.objectStore('articles').delete(article.id);
  return article.bytes;
}

/**
 * The running total, kept in libraryMeta so a save never walks every article. Missing (a library
 * from before this module, or a wiped meta store) it is computed once by cursor, in the same
 * transaction.
 */
async function readTotal(tx: LibraryTx): Promise<number> {
  const record = await tx.objectStore('libraryMeta').get(TOTAL_BYTES_KEY);
  if (typeof record?.value === 'number') return record.value;
  let total = 0;
  let cursor = await tx.objectStore('articles').openCursor();
  while (cursor) {
    total += cursor.value.bytes;
    cursor = await cursor.continue();
  }
  return total;
}

function abortQuietly(tx: LibraryTx): void {
  try {
    tx.abort();
  } catch {
    // Already aborted by the failed request.
  }
}

function isNamed(error: unknown): error is { name: string; message?: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { name?: unknown }).name === 'string' &&
    (error as { name: string }).name !== 'AbortError'
  );
}

function toLibraryError(error: unknown): LibraryError {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  if (name === 'QuotaExceededError') {
    return {
      kind: 'quota',
      message:
        'The browser has no room left to store this article. Free some space on the device, ' +
        'or delete or unpin articles in the library.',
    };
  }
  const detail =
    error instanceof Error || isNamed(error) ? String(error.message ?? error.name) : String(error);
  return { kind: 'failed', message: `The article could not be saved: ${detail}` };
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
