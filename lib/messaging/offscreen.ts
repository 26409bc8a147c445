import { browser } from 'wxt/browser';
import type { LibraryFailure, ProcessedPage } from '../library';
import type { SenderLike } from './sender';

/**
 * The second channel, typed like the first: the background (Chrome's service worker, which has
 * no DOM) asks its offscreen document (entrypoints/offscreen, reason DOM_PARSER) to do what needs
 * one. Its envelope is distinct from the pages' (`vantageOffscreen`, not `vantage`), so neither
 * side answers the other's messages; the offscreen document answers only our own extension.
 */
export interface OffscreenProtocol {
  /** Readability and DOMPurify over a fetched page, parsed inert (lib/library/process-page.ts). */
  processPage(data: { html: string; url: string }): ProcessedPage | LibraryFailure;
}

export type OffscreenType = keyof OffscreenProtocol;
type Data<K extends OffscreenType> = Parameters<OffscreenProtocol[K]>[0];
type Answer<K extends OffscreenType> = ReturnType<OffscreenProtocol[K]>;

export interface OffscreenEnvelope<K extends OffscreenType = OffscreenType> {
  vantageOffscreen: 1;
  type: K;
  data: Data<K>;
}

export type OffscreenHandlers = {
  [K in OffscreenType]: (data: Data<K>) => Promise<Answer<K>> | Answer<K>;
};

function isOffscreenEnvelope(message: unknown): message is OffscreenEnvelope {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { vantageOffscreen?: unknown }).vantageOffscreen === 1 &&
    typeof (message as { type?: unknown }).type === 'string'
  );
}

/** Background side: undefined when the document did not answer (it may be closing). */
export async function sendToOffscreen<K extends OffscreenType>(
  type: K,
  data: Data<K>,
): Promise<Answer<K> | undefined> {
  const envelope: OffscreenEnvelope<K> = { vantageOffscreen: 1, type, data };
  return (await browser.runtime.sendMessage(envelope)) as Answer<K> | undefined;
}

/** Offscreen side: answer the protocol, from our own extension only. */
export function answerOffscreen(handlers: OffscreenHandlers): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: SenderLike) => {
    if (!isOffscreenEnvelope(message) || sender.id !== browser.runtime.id) return undefined;
    const handler = handlers[message.type] as ((data: unknown) => unknown) | undefined;
    if (!handler) return undefined;
    return Promise.resolve().then(() => handler(message.data));
  });
}
