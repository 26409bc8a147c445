/**
 * An offline pack: one HTML file that is at once a readable page (any phone's browser, no
 * network, no extension) and a machine-readable bundle another Vantage can import. Articles are
 * static `<article data-vp="ID">` elements (readable without JavaScript); a JSON manifest in
 * `<script type="application/json" id="vantage-pack">` carries their metadata. See
 * docs/library-packs.md.
 */
export const PACK_FORMAT = 'vantage-pack';
/**
 * 2 (issue #17): the same page, written to be read as a stream — a marker comment before each
 * article and after the last (pack-scanner.ts), a version-2 signature over 1 MiB block hashes
 * (signature.ts). Version 1 files (one document, read whole) still import.
 */
export const PACK_VERSION = 2;
export const LEGACY_PACK_VERSION = 1;
export const MANIFEST_ID = 'vantage-pack';

export interface PackArticleMeta {
  /** The element's data-vp value in this file (not the library id, which the importer derives). */
  key: string;
  url: string;
  canonicalUrl: string;
  title: string;
  byline?: string;
  siteName?: string;
  language?: string;
  dir?: 'ltr' | 'rtl';
  publishedAt?: number;
  fetchedAt: number;
}

export interface PackManifest {
  format: typeof PACK_FORMAT;
  version: number;
  createdAt: number;
  articles: PackArticleMeta[];
}

/** What an import accepts; a pack from a stranger is checked against every one of these. */
export const PACK_LIMITS = {
  /**
   * A version-2 pack is read article by article, so its size no longer bounds the page's memory;
   * this only has to be above any export: the largest library a budget allows (10,000 MB) with
   * its pictures base64-encoded (×4/3) and the page around them.
   */
  fileBytes: 16 * 1024 * 1024 * 1024,
  /** A version-1 pack (and a version-1 signature) is read as one string and one document. */
  legacyFileBytes: 100 * 1024 * 1024,
  /** The manifest is the one part held whole: its count and size are what stay proportional. */
  articles: 20_000,
  manifestChars: 64 * 1024 * 1024,
  titleChars: 1_000,
  fieldChars: 500,
  urlChars: 2_048,
  articleHtmlChars: 5 * 1024 * 1024,
  imageBytes: 1024 * 1024,
  imagesPerArticle: 12,
  imageBytesPerArticle: 3 * 1024 * 1024,
};

/** Raster types only: SVG can carry script, and nothing else is needed for news photos. */
export const PACK_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif'];

/** Why an import refused a whole pack (nothing was imported). */
export type ImportFailure = {
  ok: false;
  reason:
    | 'too-large'
    | 'not-a-pack'
    | 'wrong-version'
    | 'malformed'
    | 'unreadable'
    /** Signed, but the content (or the name or key in its header) is not what was signed. */
    | 'bad-signature'
    /** A signature element that cannot be read: refused rather than taken as unsigned. */
    | 'signature-malformed';
  detail?: string;
};
