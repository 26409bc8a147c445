import type { Options, SearchOptions } from 'minisearch';
import type { ArticleRecord } from '../db';
import { processTerm, tokenize } from './normalize';

/**
 * What the index holds and how a query is asked, shared by every index form (the whole-index
 * LibrarySearch and the sharded one the reader loads piece by piece): two forms asked the same
 * way over the same terms rank the same.
 */
export type Doc = Pick<
  ArticleRecord,
  'id' | 'title' | 'text' | 'byline' | 'siteName' | 'sourceId' | 'fetchedAt' | 'publishedAt'
>;

export interface Stored {
  title: string;
  sourceId: string;
  fetchedAt: number;
  publishedAt?: number;
}

export interface SearchHit extends Stored {
  id: string;
  score: number;
}

export const INDEX_OPTIONS: Options<Doc> = {
  fields: ['title', 'byline', 'siteName', 'text'],
  // Kept small on purpose: the text is in the article record, not duplicated in the index.
  storeFields: ['title', 'sourceId', 'fetchedAt', 'publishedAt'],
  tokenize,
  processTerm: (term) => processTerm(term),
};

const DAY = 86_400_000;

/**
 * Every word must match; the last one as a prefix, so "алмат" finds "Алматы" while typing; words
 * of 5+ letters also match with one or two typos; titles weigh more than body text, and recent
 * articles a little more than old ones.
 */
export function searchOptions(options: { sourceId?: string; now?: number } = {}): SearchOptions {
  const now = options.now ?? Date.now();
  return {
    combineWith: 'AND',
    // Prefix only for the word being typed (the last); typos forgiven only in longer words, and
    // at most two edits — both keep a short query over 10,000 articles fast.
    prefix: (_term, i, terms) => i === terms.length - 1,
    fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
    maxFuzzy: 2,
    boost: { title: 3, siteName: 1.5, byline: 1.5 },
    boostDocument: (_id, _term, stored) => {
      const age = Math.max(0, now - Number((stored as Stored | undefined)?.fetchedAt ?? now)) / DAY;
      return 1 + 0.5 * Math.exp(-age / 14);
    },
    ...(options.sourceId ? { filter: (result) => result.sourceId === options.sourceId } : {}),
  };
}

/** The words of a query as the index keeps them, in order (what MiniSearch itself searches). */
export function queryTerms(query: string): string[] {
  return tokenize(query)
    .map((word) => processTerm(word))
    .filter((term): term is string => !!term);
}

export function toDoc(article: Doc): Doc {
  return {
    id: article.id,
    title: article.title,
    text: article.text,
    byline: article.byline,
    siteName: article.siteName,
    sourceId: article.sourceId,
    fetchedAt: article.fetchedAt,
    publishedAt: article.publishedAt,
  };
}

export function toHit(result: { id: unknown; score: number } & Record<string, unknown>): SearchHit {
  return {
    id: String(result.id),
    score: result.score,
    title: result.title as string,
    sourceId: result.sourceId as string,
    fetchedAt: result.fetchedAt as number,
    ...(result.publishedAt ? { publishedAt: result.publishedAt as number } : {}),
  };
}
