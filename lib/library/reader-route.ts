import type { WxtBrowser as Browser } from 'wxt/browser';
import type { LibraryFilter } from './reader-queries';

/**
 * What a newly opened reader tab should show, handed over by the page that opened it (the
 * popup's "read the saved copy"). Never in the reader's address: an address with a blocked
 * page, a site or an article id lands in the browser's own history, which "Wipe everything"
 * cannot reach and anyone taking the phone can open. The intent waits in
 * storage.session — in memory only, gone when the browser closes, cleared by the wipe — and the
 * reader takes it once.
 */
export type ReaderIntent = { kind: 'copy'; url: string } | { kind: 'site'; host: string };

export const READER_INTENT_KEY = 'readerIntent';

/** A stored value back to an intent; anything else (junk, an older shape) is no intent. */
export function parseReaderIntent(value: unknown): ReaderIntent | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { kind, url, host } = value as Record<string, unknown>;
  if (kind === 'copy' && typeof url === 'string' && /^https?:\/\//.test(url)) return { kind, url };
  if (kind === 'site' && typeof host === 'string' && /^[\w.-]+$/.test(host))
    return { kind, host: host.toLowerCase() };
  return undefined;
}

/** The list a site intent shows; a copy intent opens one article over the full list. */
export function filterForIntent(intent: ReaderIntent | undefined): LibraryFilter {
  return intent?.kind === 'site' ? { kind: 'site', host: intent.host } : { kind: 'all' };
}

/** Leave an intent for the reader tab about to be opened. */
export async function leaveReaderIntent(browser: Browser, intent: ReaderIntent): Promise<void> {
  await browser.storage.session.set({ [READER_INTENT_KEY]: intent });
}

/** The reader's one look at what it was opened for; the intent is gone afterwards. */
export async function takeReaderIntent(browser: Browser): Promise<ReaderIntent | undefined> {
  const stored = await browser.storage.session.get(READER_INTENT_KEY);
  if (!(READER_INTENT_KEY in stored)) return undefined;
  await browser.storage.session.remove(READER_INTENT_KEY);
  return parseReaderIntent(stored[READER_INTENT_KEY]);
}
