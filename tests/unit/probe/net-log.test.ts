import { describe, expect, it } from 'vitest';
import { createNetLog, type WebRequestDetails, type WebRequestLike } from '../../../lib/probe/net-log';

function fakeWebRequest() {
  const listeners: Record<string, ((d: WebRequestDetails) => void)[]> = {};
  const event = (name: string) => ({
    addListener: (listener: (d: WebRequestDetails) => void) => void (listeners[name] ??= []).push(listener),
  });
  const webRequest: WebRequestLike = {
    onBeforeRequest: event('before'),
    onBeforeRedirect: event('redirect'),
    onResponseStarted: event('started'),
    onCompleted: event('completed'),
    onErrorOccurred: event('error'),
  };
  const fire = (name: string, details: Partial<WebRequestDetails>) =>
    listeners[name]?.forEach((l) => l({ tabId: -1, requestId: '1', url: '', ...details }));
  return { webRequest, fire };
}

describe('correlating webRequest events with our own fetches', () => {
  it('gives a probe the net error and address of its own request, by requestId', async () => {
    const { webRequest, fire } = fakeWebRequest();
    const log = createNetLog(webRequest);
    const watch = await log.watch('https://telegram.org/');
    fire('before', { requestId: '7', url: 'https://telegram.org/' });
    fire('before', { requestId: '8', url: 'https://other.example/' });
    fire('error', { requestId: '8', url: 'https://other.example/', error: 'net::ERR_NAME_NOT_RESOLVED' });
    fire('error', {
      requestId: '7',
      url: 'https://telegram.org/',
      error: 'net::ERR_CONNECTION_RESET',
      ip: '149.154.167.99',
    });
    const record = await watch.settled(10);
    watch.release();
    expect(record).toMatchObject({
      requestId: '7',
      netError: 'net::ERR_CONNECTION_RESET',
      ip: '149.154.167.99',
    });
  });

  it('follows a request through redirects and records each hop', async () => {
    const { webRequest, fire } = fakeWebRequest();
    const log = createNetLog(webRequest);
    const watch = await log.watch('http://news.example/');
    fire('before', { requestId: '3', url: 'http://news.example/' });
    fire('redirect', {
      requestId: '3',
      url: 'http://news.example/',
      redirectUrl: 'http://block.isp.example/',
      statusCode: 302,
    });
    fire('before', { requestId: '3', url: 'http://block.isp.example/' });
    fire('completed', { requestId: '3', url: 'http://block.isp.example/', statusCode: 200, ip: '10.0.0.1' });
    const record = await watch.settled(10);
    expect(record.redirects).toEqual([
      { from: 'http://news.example/', to: 'http://block.isp.example/', status: 302 },
    ]);
    expect(record).toMatchObject({ completed: true, statusCode: 200, ip: '10.0.0.1' });
  });

  it('never lets a redirect hop be claimed by another probe waiting for that URL', async () => {
    const { webRequest, fire } = fakeWebRequest();
    const log = createNetLog(webRequest);
    const first = await log.watch('http://a.example/');
    const second = await log.watch('https://a.example/');
    fire('before', { requestId: '1', url: 'http://a.example/' });
    fire('redirect', {
      requestId: '1',
      url: 'http://a.example/',
      redirectUrl: 'https://a.example/',
      statusCode: 301,
    });
    fire('before', { requestId: '1', url: 'https://a.example/' });
    fire('before', { requestId: '2', url: 'https://a.example/' });
    expect(first.record.requestId).toBe('1');
    expect(second.record.requestId).toBe('2');
  });

  it('makes a second probe of the same URL wait until the first is released', async () => {
    const { webRequest } = fakeWebRequest();
    const log = createNetLog(webRequest);
    const first = await log.watch('https://x.example/');
    let secondStarted = false;
    const second = log.watch('https://x.example/').then((w) => {
      secondStarted = true;
      return w;
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(secondStarted).toBe(false);
    first.release();
    (await second).release();
    expect(secondStarted).toBe(true);
  });
});
