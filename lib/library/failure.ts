/**
 * Why a library operation failed, as a value the UI can explain (docs/library.md#errors).
 * A source's `lastError` is stored as `reason` or `reason: detail`, so the reader can translate
 * the reason (i18n key `libraryError_<reason>`) and still show the technical detail.
 */
export type LibraryFailureReason =
  | 'network' // DNS, refused, reset, TLS: the request never got an answer
  | 'timeout' // no complete answer within the time limit (a page that never ends)
  | 'too-large' // the body passed the size cap; reading stopped there
  | 'http-status' // an answer, but not 200 (or 304)
  | 'not-a-feed' // HTML or anything else that is not RSS, Atom, RDF or JSON Feed
  | 'feed-malformed' // looks like a feed but could not be parsed
  | 'feed-entities' // declares XML entities: the shape of an expansion bomb; never parsed
  | 'not-an-article' // Readability found nothing to keep
  | 'bad-url' // not an http(s) address
  | 'quota' // the browser refused to store more (disk full); nothing was written
  | 'over-budget' // bigger than the library budget even after evicting every unpinned article
  | 'invalid' // a record that does not have the shape of an article
  | 'no-tab' // keep offline: no web page in the current tab
  | 'script-failed'; // keep offline: the page could not be read

export interface LibraryFailure {
  ok: false;
  reason: LibraryFailureReason;
  detail?: string;
}

export const fail = (reason: LibraryFailureReason, detail?: string): LibraryFailure =>
  detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };

/** The form kept in SourceRecord.lastError. */
export const describeFailure = (failure: LibraryFailure): string =>
  failure.detail ? `${failure.reason}: ${failure.detail}` : failure.reason;

/** The i18n key that explains a reason to the user: 'too-large' → 'libraryError_too_large'. */
export const failureMessageKey = (reason: string): string => `libraryError_${reason.replace(/-/g, '_')}`;
