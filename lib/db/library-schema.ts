/**
 * The offline library's records. Article bodies are sanitized HTML, stored once at
 * save time; images live in their own store so listing the library never loads blobs.
 */

/** Where an article came from: a feed, an "important page" the user listed, or "keep offline". */
export interface SourceRecord {
  id: string;
  kind: 'feed' | 'page';
  url: string;
  title: string;
  /** The site the feed belongs to (from the feed or the page it was discovered on). */
  siteUrl?: string;
  language?: string;
  addedAt: number;
  lastFetchedAt?: number;
  /** The last refresh's failure, in words a user can act on; cleared by a good refresh. */
  lastError?: string;
  etag?: string;
  lastModified?: string;
}

export interface ArticleRecord {
  /** Stable for a canonical URL, so a re-fetch replaces rather than duplicates. */
  id: string;
  url: string;
  canonicalUrl: string;
  /** A SourceRecord id, or 'saved' for pages kept with the popup button, or 'imported'. */
  sourceId: string;
  /**
   * 'pack': imported from a pack file — a stranger's claim about what a site said, never
   * verified; its id is `pack:…` so it cannot take a fetched article's place, and a genuine fetch
   * of the same address replaces it. Absent: fetched by this browser (a feed, a page, "keep
   * offline"). Articles imported before the field existed have sourceId 'imported'.
   */
  provenance?: 'pack';
  /**
   * Who signed the pack this article came in (lib/library/pack/signature.ts), as the signature
   * proved it: the publisher's public key and the name the pack gave. Absent: an unsigned pack,
   * or not from a pack. Whether the key is trusted is looked up when shown, not stored.
   */
  packSigner?: { publicKey: string; name: string };
  title: string;
  byline?: string;
  language?: string;
  dir?: 'ltr' | 'rtl';
  siteName?: string;
  publishedAt?: number;
  fetchedAt: number;
  /**
   * Sanitized article HTML; gzip-compressed (CompressionStream) when that saved space. The gzip is
   * bytes since issue #17's fifth round (a Blob was a file of its own in Chromium's IndexedDB and
   * a blob-registry round trip to make); records written before hold a Blob, and are read as such.
   */
  html: string | { gzip: ArrayBuffer | Blob };
  /** Plain text, for search and excerpts. */
  text: string;
  excerpt: string;
  /** Keys into the `images` store, in document order. */
  imageKeys: string[];
  /** Stored bytes (HTML + text + images), for the budget and the storage page. */
  bytes: number;
  /** 1 = never evicted. A number, not a boolean, so it can be part of an index key. */
  pinned: 0 | 1;
  read: 0 | 1;
}

/**
 * A stored picture: a Blob (capture, and every record written before issue #17's fifth round), or
 * its bytes and type (pack import: no Blob made per picture, no file of its own per picture).
 */
export type ImageRecord = {
  /** `${articleId}/${n}` */
  key: string;
  articleId: string;
  /** The URL the article's HTML referred to; the reader swaps it for an object URL. */
  url: string;
} & StoredPicture;

export type StoredPicture = { blob: Blob } | { bytes: ArrayBuffer; type: string };

/** Small key/value records: the persisted search index, eviction reports. */
export interface LibraryMetaRecord {
  key: string;
  value: unknown;
}
