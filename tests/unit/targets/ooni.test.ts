import { describe, expect, expectTypeOf, it } from 'vitest';
import { fetchOoniTestList, type FetchLike } from '../../../lib/targets';

interface Call {
  url: string;
  init: Parameters<FetchLike>[1];
}

/** A fake fetch that records its calls and answers with `status` and `body` (or throws `error`). */
function fakeFetch(answer: { status?: number; statusText?: string; body?: string; error?: Error }) {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    if (answer.error) throw answer.error;
    const status = answer.status ?? 200;
    return {
      ok: status >= 200 && status < 300,
      status,
      statusText: answer.statusText ?? '',
      text: async () => answer.body ?? '',
    };
  };
  return { fetch, calls };
}

// The shape api.ooni.io answers with (ooni/backend, prio.py list_test_urls).
const KZ_ANSWER = JSON.stringify({
  metadata: { count: 5, current_page: -1, limit: -1, next_url: '', pages: 1 },
  results: [
    { category_code: 'NEWS', country_code: 'KZ', url: 'https://vlast.kz/' },
    { category_code: 'COMT', country_code: 'XX', url: 'https://signal.org/' },
    { category_code: 'ANON', country_code: 'XX', url: 'https://www.torproject.org/' },
    { category_code: 'GRP', country_code: 'XX', url: 'ftp://not-testable.example.org/' },
    { category_code: 'NEWS', country_code: 'KZ', url: 'https://VLAST.kz/#dup' },
    { category_code: 'NEWS', country_code: 'KZ' },
    'not an object',
  ],
});

describe('fetchOoniTestList', () => {
  it('asks the test-list endpoint for the country, with a limit, and sends no cookies', async () => {
    const { fetch, calls } = fakeFetch({ body: KZ_ANSWER });
    await fetchOoniTestList({ apiBase: 'https://api.ooni.io/', probeCc: 'kz', fetch, limit: 50 });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe('https://api.ooni.io/api/v1/test-list/urls?probe_cc=KZ&limit=50');
    expect(calls[0]?.init).toMatchObject({ credentials: 'omit', cache: 'no-store' });
  });

  it('never asks for more sites than a run checks, nor keeps more if the API sends them', async () => {
    const results = Array.from({ length: 6_000 }, (_, i) => ({
      category_code: 'NEWS',
      url: `https://s${i}.kz/`,
    }));
    const { fetch, calls } = fakeFetch({ body: JSON.stringify({ metadata: { count: 6_000 }, results }) });
    const result = await fetchOoniTestList({
      apiBase: 'https://api.ooni.io/',
      probeCc: 'KZ',
      fetch,
      limit: -1,
    });
    expect(calls[0]?.url).toContain('limit=5000');
    expect(result.ok && result.targets.length).toBe(5_000);
    expect(result.ok && result.skipped).toBe(1_000);
  });

  it('keeps a path prefix in the API base and passes category codes and the abort signal', async () => {
    const { fetch, calls } = fakeFetch({ body: KZ_ANSWER });
    const signal = new AbortController().signal;
    await fetchOoniTestList({
      apiBase: 'https://mirror.example.org/ooni',
      probeCc: 'KZ',
      fetch,
      signal,
      categoryCodes: ['NEWS', 'ANON'],
    });
    expect(calls[0]?.url).toBe(
      'https://mirror.example.org/ooni/api/v1/test-list/urls?probe_cc=KZ&limit=100&category_codes=NEWS%2CANON',
    );
    expect(calls[0]?.init.signal).toBe(signal);
  });

  it('turns the results into ooni targets, skipping unusable and repeated URLs', async () => {
    const { fetch } = fakeFetch({ body: KZ_ANSWER });
    const result = await fetchOoniTestList({ apiBase: 'https://api.ooni.io', probeCc: 'KZ', fetch });
    expect(result).toEqual({
      ok: true,
      skipped: 4,
      targets: [
        {
          id: 'https://vlast.kz/',
          url: 'https://vlast.kz/',
          name: 'vlast.kz',
          category: 'news',
          source: 'ooni',
          categoryCode: 'NEWS',
        },
        expect.objectContaining({ url: 'https://signal.org/', category: 'messengers', categoryCode: 'COMT' }),
        expect.objectContaining({ url: 'https://www.torproject.org/', category: 'circumvention' }),
      ],
    });
  });

  it('reports a failed request as a network error instead of throwing', async () => {
    const { fetch } = fakeFetch({ error: new TypeError('Failed to fetch') });
    await expect(
      fetchOoniTestList({ apiBase: 'https://api.ooni.io', probeCc: 'KZ', fetch }),
    ).resolves.toEqual({
      ok: false,
      reason: 'network',
      detail: 'Failed to fetch',
    });
  });

  it('reports an aborted request as a network error saying so', async () => {
    const abort = Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
    const { fetch } = fakeFetch({ error: abort });
    const result = await fetchOoniTestList({ apiBase: 'https://api.ooni.io', probeCc: 'KZ', fetch });
    expect(result).toEqual({ ok: false, reason: 'network', detail: 'aborted' });
  });

  it('reports a non-2xx answer with its status', async () => {
    const { fetch } = fakeFetch({ status: 503, statusText: 'Service Unavailable', body: 'busy' });
    const result = await fetchOoniTestList({ apiBase: 'https://api.ooni.io', probeCc: 'KZ', fetch });
    expect(result).toEqual({ ok: false, reason: 'http-status', detail: 'HTTP 503 Service Unavailable' });
  });

  it('reports a body that is not JSON, such as a blockpage served in its place', async () => {
    const { fetch } = fakeFetch({ body: '<html>Access restricted</html>' });
    const result = await fetchOoniTestList({ apiBase: 'https://api.ooni.io', probeCc: 'KZ', fetch });
    expect(result).toMatchObject({ ok: false, reason: 'bad-json' });
  });

  it('reports JSON without a results list as the wrong shape', async () => {
    for (const body of ['{}', '[]', 'null', '{"results": {"url": "https://vlast.kz/"}}']) {
      const { fetch } = fakeFetch({ body });
      const result = await fetchOoniTestList({ apiBase: 'https://api.ooni.io', probeCc: 'KZ', fetch });
      expect(result, body).toMatchObject({ ok: false, reason: 'bad-shape' });
    }
  });

  it('refuses an API base that is not an http(s) address without calling fetch', async () => {
    const { fetch, calls } = fakeFetch({ body: KZ_ANSWER });
    const result = await fetchOoniTestList({ apiBase: 'file:///etc', probeCc: 'KZ', fetch });
    expect(result).toMatchObject({ ok: false, reason: 'network' });
    expect(calls).toEqual([]);
  });

  it('calls fetch unbound, as the real fetch requires', async () => {
    const receivers: unknown[] = [];
    const fetch: FetchLike = async function (this: unknown) {
      receivers.push(this);
      return { ok: true, status: 200, text: async () => KZ_ANSWER };
    };
    await fetchOoniTestList({ apiBase: 'https://api.ooni.io', probeCc: 'KZ', fetch });
    expect(receivers).toEqual([undefined]);
  });

  it('accepts the platform fetch as its fetch', () => {
    expectTypeOf(globalThis.fetch).toExtend<FetchLike>();
  });
});
