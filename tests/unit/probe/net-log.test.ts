import { afterEach, describe, expect, it, vi } from 'vitest';
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

  describe('waiting for the final event after fetch() settles', () => {
    afterEach(() => vi.useRealTimers());

    it('waits seconds for the error of a request webRequest has shown, which a loaded machine delivers late', async () => {
      vi.useFakeTimers();
      const { webRequest, fire } = fakeWebRequest();
      const watch = await createNetLog(webRequest).watch('https://steered.example/');
      fire('before', { requestId: '5', url: 'https://steered.example/' });
      let record: { netError?: string } | undefined;
      void watch.settled().then((r) => (record = r));
      await vi.advanceTimersByTimeAsync(1_500);
      expect(record).toBeUndefined();
      fire('error', {
        requestId: '5',
        url: 'https://elsewhere.example/',
        error: 'net::ERR_NAME_NOT_RESOLVED',
      });
      await vi.advanceTimersByTimeAsync(0);
      expect(record?.netError).toBe('net::ERR_NAME_NOT_RESOLVED');
    });

    it('gives up after the short grace when webRequest has never reported anything', async () => {
      vi.useFakeTimers();
      const { webRequest } = fakeWebRequest();
      const watch = await createNetLog(webRequest).watch('https://unseen.example/');
      let done = false;
      void watch.settled().then(() => (done = true));
      await vi.advanceTimersByTimeAsync(499);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(done).toBe(true);
    });

    it('waits seconds for a request not shown yet once webRequest has reported another (its events can trail fetch)', async () => {
      vi.useFakeTimers();
      const { webRequest, fire } = fakeWebRequest();
      const log = createNetLog(webRequest);
      fire('before', { requestId: '1', url: 'https://doh.example/dns-query' });
      const watch = await log.watch('https://sinkhole.example/');
      let record: { netError?: string } | undefined;
      void watch.settled().then((r) => (record = r));
      await vi.advanceTimersByTimeAsync(1_500);
      expect(record).toBeUndefined();
      fire('before', { requestId: '9', url: 'https://sinkhole.example/' });
      fire('error', {
        requestId: '9',
        url: 'https://sinkhole.example/',
        error: 'net::ERR_CONNECTION_REFUSED',
      });
      await vi.advanceTimersByTimeAsync(0);
      expect(record?.netError).toBe('net::ERR_CONNECTION_REFUSED');
    });

    it('stops waiting for a shown request after the longer grace, with what it has', async () => {
      vi.useFakeTimers();
      const { webRequest, fire } = fakeWebRequest();
      const watch = await createNetLog(webRequest).watch('https://silent.example/');
      fire('before', { requestId: '6', url: 'https://silent.example/' });
      let done = false;
      void watch.settled().then(() => (done = true));
      await vi.advanceTimersByTimeAsync(4_999);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(done).toBe(true);
    });
  });
});
