/** The offline library (issue #5). Storage: lib/library/store.ts; see docs/library.md. */
export {
  saveArticle,
  deleteArticle,
  setPinned,
  markRead,
  libraryUsage,
  lastEviction,
  type NewArticle,
  type NewImage,
  type SaveResult,
  type LibraryError,
  type LibraryUsage,
  type EvictionReport,
  type EvictedArticle,
} from './store';
export { compressHtml, readArticleHtml } from './compress';
export { articleId } from './article-id';

/** The user's budget (settings.library.budgetMb) in bytes. */
export function budgetBytes(budgetMb: number): number {
  return Math.max(0, budgetMb) * 1024 * 1024;
}
