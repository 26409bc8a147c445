import { beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { answerOffscreen, sendToOffscreen, type OffscreenEnvelope } from '../../../lib/messaging/offscreen';

const page = { title: 'A', html: '<p>a</p>' } as never;

beforeEach(() => {
  fakeBrowser.reset();
  answerOffscreen({ processPage: ({ url }) => ({ ...(page as object), url }) as never });
});

const deliver = async (message: unknown, sender: { id?: string }) =>
  (await fakeBrowser.runtime.onMessage.trigger(message, sender)).find((answer) => answer !== undefined);

describe('the offscreen document protocol', () => {
  it('answers its typed request from our own extension', async () => {
    const request: OffscreenEnvelope<'processPage'> = {
      vantageOffscreen: 1,
      type: 'processPage',
      data: { html: '<p>a</p>', url: 'https://a.example/' },
    };
    expect(await deliver(request, { id: browser.runtime.id })).toMatchObject({ url: 'https://a.example/' });
  });

  it('ignores another extension, the pages’ own messages and unknown types', async () => {
    const data = { html: '', url: 'https://a.example/' };
    expect(
      await deliver({ vantageOffscreen: 1, type: 'processPage', data }, { id: 'other' }),
    ).toBeUndefined();
    expect(await deliver({ vantage: 1, type: 'ping', data: {} }, { id: browser.runtime.id })).toBeUndefined();
    expect(
      await deliver({ vantageOffscreen: 1, type: 'eval', data }, { id: browser.runtime.id }),
    ).toBeUndefined();
  });

  it('sends the envelope the document answers', async () => {
    const seen: unknown[] = [];
    fakeBrowser.runtime.onMessage.addListener((message: unknown) => void seen.push(message));
    await sendToOffscreen('processPage', { html: '<p>b</p>', url: 'https://b.example/' });
    expect(seen).toEqual([
      { vantageOffscreen: 1, type: 'processPage', data: { html: '<p>b</p>', url: 'https://b.example/' } },
    ]);
  });
});
