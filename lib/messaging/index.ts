import { browser } from 'wxt/browser';
import type { Envelope, MessageAnswer, MessageData, MessageType, Reply } from './protocol';
import { isOwnPage } from './sender';

export type { Reply, MessageType, MessageData, MessageAnswer } from './protocol';
export { MESSAGES } from './protocol';
// The background's second channel, to Chrome's offscreen document (lib/library/dom-host.ts).
export { answerOffscreen, sendToOffscreen } from './offscreen';

export type Handlers = {
  [K in MessageType]: (data: MessageData<K>) => Promise<MessageAnswer<K>> | MessageAnswer<K>;
};

function isEnvelope(message: unknown): message is Envelope {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { vantage?: unknown }).vantage === 1 &&
    typeof (message as { type?: unknown }).type === 'string'
  );
}

/** Send one message to the background and get its typed answer (or a failure value). */
export async function sendMessage<K extends MessageType>(
  type: K,
  data: MessageData<K>,
): Promise<Reply<MessageAnswer<K>>> {
  const envelope: Envelope<K> = { vantage: 1, type, data };
  try {
    const reply = (await browser.runtime.sendMessage(envelope)) as Reply<MessageAnswer<K>> | undefined;
    return reply ?? { ok: false, reason: 'no-answer' };
  } catch (error) {
    return { ok: false, reason: 'background-unreachable', detail: String(error) };
  }
}

/** Background side: answer the protocol's messages, refusing anything not from our own pages. */
export function handleMessages(handlers: Handlers): void {
  const ownOrigin = browser.runtime.getURL('/');
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if (!isEnvelope(message)) return undefined;
    if (!isOwnPage(sender, browser.runtime.id, ownOrigin)) {
      return Promise.resolve({ ok: false, reason: 'forbidden-sender' } satisfies Reply<never>);
    }
    const handler = handlers[message.type] as ((data: unknown) => unknown) | undefined;
    if (!handler) return Promise.resolve({ ok: false, reason: 'unknown-message', detail: message.type });
    return Promise.resolve()
      .then(() => handler(message.data))
      .then(
        (value): Reply<unknown> => ({ ok: true, value }),
        (error: unknown): Reply<unknown> => ({ ok: false, reason: 'handler-failed', detail: String(error) }),
      );
  });
}
