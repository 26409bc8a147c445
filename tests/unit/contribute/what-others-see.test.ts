import { describe, expect, it } from 'vitest';
import { whatOthersSee } from '../../../lib/contribute/others';

const NOW = Date.UTC(2022, 0, 8);

describe('what others see (OONI aggregation)', () => {
  it('asks for the domain and country over the last seven days and reads the counts', async () => {
    let asked = '';
    const result = await whatOthersSee({
      apiBase: 'https://api.ooni.example',
      probeCc: 'KZ',
      domain: 'web.telegram.org',
      now: NOW,
      fetch: (async (url: URL) => {
        asked = String(url);
        return Response.json({
          result: {
            measurement_count: 57,
            anomaly_count: 41,
            confirmed_count: 3,
            ok_count: 11,
            failure_count: 2,
          },
        });
      }) as unknown as typeof fetch,
    });
    expect(asked).toBe(
      'https://api.ooni.example/api/v1/aggregation?probe_cc=KZ&domain=web.telegram.org&since=2022-01-01&until=2022-01-09',
    );
    expect(result).toEqual({
      ok: true,
      value: {
        measurements: 57,
        anomalies: 41,
        confirmed: 3,
        ok: 11,
        failures: 2,
        since: '2022-01-01',
        until: '2022-01-09',
      },
    });
  });

  it('stays quiet when the API is unreachable or answers nonsense', async () => {
    const down = await whatOthersSee({
      apiBase: 'https://api.ooni.example',
      probeCc: 'KZ',
      domain: 'x.kz',
      fetch: (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch,
    });
    expect(down.ok).toBe(false);
    const nonsense = await whatOthersSee({
      apiBase: 'https://api.ooni.example',
      probeCc: 'KZ',
      domain: 'x.kz',
      fetch: (async () =>
        Response.json({ result: { measurement_count: 'many' } })) as unknown as typeof fetch,
    });
    expect(nonsense).toEqual({ ok: false, reason: 'bad-shape' });
  });
});
