import type { ArticleRecord, Database, ImageRecord, StoredPicture } from '../db';
import { byteSize, storedHtmlBytes } from './compress';
import { fail, type LibraryFailure } from './failure';
import { isFromPack } from './provenance';
import { USAGE_KEY, usedBytes, type LibraryTx } from './usage';

/**
 * Writing articles, and keeping the library inside its budget. The public contract the reader
 * (pack import) relies on — keep it stable; documented in docs/library.md#storage.
 *
 * - `saveArticle` writes the article, its images, the usage counter and any eviction in ONE
 *   IndexedDB transaction: a quota error, a bad image or a crash mid-way leaves nothing behind.
 * - Over budget, the oldest unpinned articles (by fetchedAt) are evicted first; a pinned one never.
 *   If even that cannot make room, the save is refused ('over-budget') and nothing changes.
 * - What was evicted is recorded under libraryMeta 'lastEviction' for the UI to show.
 */
/** A picture to store: a Blob (capture) or its bytes and type (pack import, issue #17). */
export type NewImage = { url: string } & StoredPicture;

export interface EvictedArticle {
  id: string;
  title: string;
  url: string;
  sourceId: string;
  bytes: number;
  fetchedAt: number;
}

export interface EvictionReport {
  at: number;
  budgetBytes: number;
  freedBytes: number;
  /** The article whose save needed the room. */
  savedId: string;
  evicted: EvictedArticle[];
}

export type SaveResult =
  | {
      ok: true;
      article: ArticleRecord;
      evicted: EvictedArticle[];
      /** The id of a pack-imported copy of the same address this genuine fetch replaced. */
      replacedPackCopy?: string;
    }
  | LibraryFailure;

export interface SaveOptions {
  /** Default: settings.library.budgetMb. */
  budgetBytes?: number;
  now?: number;
}

const LAST_EVICTION_KEY = 'lastEviction';
const EVICTED_URLS_KEY = 'evictedUrls';
const MAX_EVICTED_URLS = 5000;
export const MIB = 1024 * 1024;

/** A stable id for a canonical URL, so a re-fetch replaces rather than duplicates. */
export async function articleIdFor(canonicalUrl: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalUrl));
  return [...new Uint8Array(digest).slice(0, 12)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** saveArticle with its budget given: no settings read, so a worker can save (pack/remote-saver.ts). */
export async function saveArticleWithin(
  db: Database,
  article: ArticleRecord,
  images: readonly NewImage[],
  budgetBytes: number,
  options: { now?: number } = {},
): Promise<SaveResult> {
  const plan = planSave(article, images, budgetBytes);
  if ('ok' in plan) return plan;
  // Nothing but IndexedDB requests is awaited from here on: awaiting anything else would let
  // the transaction commit half-way.
  const tx = db.transaction(['articles', 'images', 'libraryMeta'], 'readwrite');
  try {
    const state: SaveState = { used: await usedBytes(tx), wrote: false };
    const result = await writePlanned(tx, plan, state, budgetBytes, options.now ?? Date.now());
    await finishSaves(tx, state);
    await tx.done;
    return result;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already aborted by the failed request.
    }
    await tx.done.catch(() => undefined);
    // When the browser aborts the transaction (a disk too full for Chrome's database log), the
    // pending request only says AbortError; the cause is the transaction's own error.
    return storeFailure(tx.error ?? error);
  }
}

/** An article checked and measured, ready to be written (the part of a save that needs no database). */
export interface PlannedSave {
  article: ArticleRecord;
  imageRecords: ImageRecord[];
  bytes: number;
}

export function planSave(
  article: ArticleRecord,
  images: readonly NewImage[],
  budgetBytes: number,
): PlannedSave | LibraryFailure {
  const invalid = validateArticle(article, images);
  if (invalid) return invalid;
  const imageRecords: ImageRecord[] = images.map((image, n) => ({
    key: `${article.id}/${n}`,
    articleId: article.id,
    url: image.url,
    ...('blob' in image ? { blob: image.blob } : { bytes: image.bytes, type: image.type }),
  }));
  const bytes =
    storedHtmlBytes(article.html) +
    new TextEncoder().encode(article.text).byteLength +
    imageRecords.reduce((sum, image) => sum + byteSize('blob' in image ? image.blob : image.bytes), 0);
  if (bytes > budgetBytes) return fail('over-budget', `${bytes} bytes, budget ${budgetBytes}`);
  return { article, imageRecords, bytes };
}

/** What one transaction's saves have changed so far, written to libraryMeta once at the end. */
export interface SaveState {
  used: number;
  wrote: boolean;
  lastReport?: EvictionReport;
  evictedUrls?: string[];
  /** The articles' and pictures' puts, queued and awaited together at the end (finishSaves). */
  writes?: Promise<unknown>[];
  /** Ids and addresses of every article record put or deleted so far: a lookup read before them is stale there. */
  touchedIds?: Set<string>;
  touchedUrls?: Set<string>;
}

/** An article's two lookups: the record under its id, and the one under its address. */
export type Lookups = [previous: ArticleRecord | undefined, sameAddress: ArticleRecord | undefined];

/** Both lookups asked at once: each awaited request is a round trip to the database (issue #17). */
export function lookUp(tx: LibraryTx, article: ArticleRecord): Promise<Lookups> {
  const articles = tx.objectStore('articles');
  return Promise.all([articles.get(article.id), articles.index('byUrl').get(article.canonicalUrl)]);
}

/**
 * Write one planned article inside `tx`. Everything that could refuse it — another copy of its
 * address, pinned articles filling the budget — is read before anything of it is written, so a
 * refused article leaves the transaction as it was and the others in it go on (saveArticles).
 */
export async function writePlanned(
  tx: LibraryTx,
  { article, imageRecords, bytes }: PlannedSave,
  state: SaveState,
  budgetBytes: number,
  now: number,
  asked?: Promise<Lookups>,
): Promise<SaveResult> {
  const articles = tx.objectStore('articles');
  const imageStore = tx.objectStore('images');
  // One article per address (the byUrl index is unique). A pack's copy under another id gives
  // way to a genuine fetch; a pack never displaces anything (docs/library-packs.md). Lookups
  // asked earlier (saveArticles asks a batch's at once) are used unless a record under this id
  // or address was put or deleted since: then they are asked again, after those writes.
  const stale = state.touchedIds?.has(article.id) || state.touchedUrls?.has(article.canonicalUrl);
  const [previous, sameAddress] = await (asked && !stale ? asked : lookUp(tx, article));
  const replacing = sameAddress && sameAddress.id !== article.id ? sameAddress : undefined;
  if (replacing && (isFromPack(article) || !isFromPack(replacing)))
    return fail('invalid', `already stored: ${article.canonicalUrl.slice(0, 200)}`);
  let after = state.used + bytes - (previous?.bytes ?? 0) - (replacing?.bytes ?? 0);
  // Over budget, the oldest unpinned articles go first; a pinned one never.
  const evict: ArticleRecord[] = [];
  if (after > budgetBytes) {
    let cursor = await articles
      .index('byEviction')
      .openCursor(IDBKeyRange.bound([0, -Infinity], [0, Infinity]));
    while (cursor && after > budgetBytes) {
      const old = cursor.value;
      if (old.id !== article.id && old.id !== replacing?.id) {
        evict.push(old);
        after -= old.bytes;
      }
      cursor = await cursor.continue();
    }
    if (after > budgetBytes)
      return fail('over-budget', `pinned articles fill the budget of ${budgetBytes} bytes`);
  }
  for (const gone of [previous, replacing, ...evict])
    if (gone)
      for (const key of await imageStore.index('byArticle').getAllKeys(gone.id)) await imageStore.delete(key);
  if (replacing) await articles.delete(replacing.id);
  for (const old of evict) await articles.delete(old.id);
  const record: ArticleRecord = {
    ...article,
    imageKeys: imageRecords.map((image) => image.key),
    bytes,
    // Kept offline once stays kept; read stays read.
    pinned: previous?.pinned === 1 || article.pinned === 1 ? 1 : 0,
    read: previous?.read === 1 || article.read === 1 ? 1 : 0,
  };
  // Queued, not awaited here (issue #17: waiting for each article's puts was a round trip per
  // article). Requests run in order, so the next article's lookups see them; a failed one aborts
  // the transaction, and finishSaves (or tx.done) rejects, as awaiting here did.
  const written = Promise.all([articles.put(record), ...imageRecords.map((image) => imageStore.put(image))]);
  written.catch(() => undefined);
  (state.writes ??= []).push(written);
  for (const changed of [record, previous, replacing, ...evict])
    if (changed) {
      (state.touchedIds ??= new Set()).add(changed.id);
      (state.touchedUrls ??= new Set()).add(changed.canonicalUrl);
    }
  state.used = after;
  state.wrote = true;
  const evicted: EvictedArticle[] = evict.map((old) => ({
    id: old.id,
    title: old.title,
    url: old.url,
    sourceId: old.sourceId,
    bytes: old.bytes,
    fetchedAt: old.fetchedAt,
  }));
  if (evicted.length) {
    state.lastReport = {
      at: now,
      budgetBytes,
      freedBytes: evicted.reduce((sum, e) => sum + e.bytes, 0),
      savedId: record.id,
      evicted,
    };
    // Remembered so a refresh does not fetch an evicted article straight back (refresh.ts).
    state.evictedUrls ??=
      ((await tx.objectStore('libraryMeta').get(EVICTED_URLS_KEY))?.value as string[] | undefined) ?? [];
    state.evictedUrls = [...state.evictedUrls, ...evicted.map((e) => e.url)].slice(-MAX_EVICTED_URLS);
  }
  return { ok: true, article: record, evicted, ...(replacing ? { replacedPackCopy: replacing.id } : {}) };
}

/** The usage counter and the eviction records, as the saves in `tx` left them. */
export async function finishSaves(tx: LibraryTx, state: SaveState): Promise<void> {
  const meta = tx.objectStore('libraryMeta');
  const puts = [...(state.writes ?? [])];
  if (state.lastReport) puts.push(meta.put({ key: LAST_EVICTION_KEY, value: state.lastReport }));
  if (state.evictedUrls) puts.push(meta.put({ key: EVICTED_URLS_KEY, value: state.evictedUrls }));
  if (state.wrote) puts.push(meta.put({ key: USAGE_KEY, value: state.used }));
  await Promise.all(puts);
}

/** Pin (never evicted) or unpin; false if there is no such article. */
export async function setPinned(db: Database, id: string, pinned: boolean): Promise<boolean> {
  const tx = db.transaction('articles', 'readwrite');
  const article = await tx.store.get(id);
  if (article) await tx.store.put({ ...article, pinned: pinned ? 1 : 0 });
  await tx.done;
  return article !== undefined;
}

/** Mark read (opened in the reader) or unread; false if there is no such article. */
export async function markRead(db: Database, id: string, read = true): Promise<boolean> {
  const tx = db.transaction('articles', 'readwrite');
  const article = await tx.store.get(id);
  if (article && article.read !== (read ? 1 : 0)) await tx.store.put({ ...article, read: read ? 1 : 0 });
  await tx.done;
  return article !== undefined;
}

/** URLs evicted to make room (most recent last), which refreshes should not fetch again. */
export async function evictedUrls(db: Database): Promise<Set<string>> {
  return new Set(((await db.get('libraryMeta', EVICTED_URLS_KEY))?.value as string[] | undefined) ?? []);
}

/** The last eviction, for the UI ("to make room, 3 old articles were removed: …"). */
export async function lastEviction(db: Database): Promise<EvictionReport | undefined> {
  return (await db.get('libraryMeta', LAST_EVICTION_KEY))?.value as EvictionReport | undefined;
}

/** Checked before anything is written; the reader's pack import passes foreign data here. */
function validateArticle(article: ArticleRecord, images: readonly NewImage[]): LibraryFailure | undefined {
  const problems: string[] = [];
  const isHttp = (value: unknown) => typeof value === 'string' && /^https?:\/\//i.test(value);
  if (typeof article?.id !== 'string' || !article.id) problems.push('id');
  if (!isHttp(article?.url)) problems.push('url');
  if (!isHttp(article?.canonicalUrl)) problems.push('canonicalUrl');
  if (typeof article?.sourceId !== 'string' || !article.sourceId) problems.push('sourceId');
  if (typeof article?.title !== 'string') problems.push('title');
  if (typeof article?.text !== 'string') problems.push('text');
  if (typeof article?.excerpt !== 'string') problems.push('excerpt');
  if (!Number.isFinite(article?.fetchedAt)) problems.push('fetchedAt');
  const html = article?.html as unknown;
  const gzip = (html as { gzip?: unknown } | undefined)?.gzip;
  if (typeof html !== 'string' && !(gzip instanceof Blob || gzip instanceof ArrayBuffer))
    problems.push('html');
  const isPicture = (image: NewImage) =>
    isHttp(image?.url) &&
    ('blob' in image
      ? image.blob instanceof Blob
      : image.bytes instanceof ArrayBuffer && typeof image.type === 'string');
  if (!Array.isArray(images) || !images.every(isPicture)) problems.push('images');
  return problems.length ? fail('invalid', problems.join(', ')) : undefined;
}

/**
 * How browsers say a write did not fit. An enforced quota is QuotaExceededError (Firefox also
 * NS_ERROR_DOM_QUOTA_REACHED). But the library has `unlimitedStorage`, so what stops it is the
 * disk itself, and Chrome reports a really full disk otherwise: `DataError: Failed to write blobs
 * (IOError)` when an article's images (or its gzip body) do not fit, and `UnknownError: … IO
 * error: … FILE_ERROR_NO_SPACE` when not even the database's log can grow (e2e
 * library-quota.test.ts, on a full tmpfs). Also Firefox's code for a full disk,
 * NS_ERROR_FILE_NO_DEVICE_SPACE, should it show through (not seen in a test).
 */
const NO_ROOM = /quota|no[_ ]?(device[_ ]?)?space|failed to write blobs/i;

function storeFailure(error: unknown): LibraryFailure {
  const name = (error as { name?: string })?.name ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'QuotaExceededError' || NO_ROOM.test(message)) return fail('quota', message.slice(0, 300));
  return fail('invalid', `${name}: ${message}`.slice(0, 300));
}
