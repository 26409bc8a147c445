import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeText, readBlockNotice } from '../../../lib/fingerprints';
import type { DnsObservation, HttpObservation, Observation } from '../../../lib/probe/types';
import type { Target } from '../../../lib/targets/types';
import { classify } from '../../../lib/verdict';

// Issue #13: blockpages read by meaning, DNS lies behind failures, redirect hops over DoH.

const page = (name: string) => readFileSync(join(__dirname, '../../fixtures/blockpages', name), 'utf8');

const target: Target = {
  id: 'http://news.example/',
  url: 'http://news.example/',
  name: 'News',
  category: 'news',
  source: 'pack',
};

function doh(addresses: string[], extra: Partial<DnsObservation> = {}): DnsObservation {
  return {
    resolver: 'https://doh.example/dns-query',
    via: 'doh-wire',
    ok: true,
    rcode: 'NOERROR',
    addresses,
    ms: 40,
    ...extra,
  };
}
const nx = (resolver: string) => doh([], { rcode: 'NXDOMAIN', resolver });

function served(
  body: string,
  http: Partial<HttpObservation> = {},
  rest: Partial<Observation> = {},
): Observation {
  return {
    target,
    startedAt: '2024-01-04T10:00:00.000Z',
    browser: 'chromium',
    http: {
      url: target.url,
      finalUrl: target.url,
      redirects: [],
      status: 200,
      headers: { 'content-type': 'text/html' },
      body,
      bodyBytes: Buffer.byteLength(body),
      bodyTruncated: false,
      ip: '93.184.216.34',
      timing: { firstByteMs: 120, endMs: 160 },
      throughputBps: 1_000_000,
      ...http,
    },
    dns: [doh(['93.184.216.34']), doh(['93.184.216.34'], { resolver: 'https://doh2.example/dns-query' })],
    ...rest,
  };
}

function failed(netError: string, http: Partial<HttpObservation> = {}, rest: Partial<Observation> = {}) {
  return served(
    '',
    {
      status: undefined,
      finalUrl: undefined,
      headers: {},
      body: undefined,
      bodyBytes: 0,
      ip: undefined,
      timing: { endMs: 300 },
      throughputBps: undefined,
      error: { kind: 'network', netError, message: 'TypeError: Failed to fetch' },
      ...http,
    },
    rest,
  );
}

describe('normalizeText', () => {
  it('drops markup, joins a word split by inline tags, folds case, ё and Kazakh letters', () => {
    expect(normalizeText('<h1>Ограничён доступ к ре<b>сурсу</b></h1><script>x()</script>')).toBe(
      'ограничен доступ к ресурсу',
    );
    expect(normalizeText('Қолжетімділік&nbsp;ШЕКТЕЛГЕН')).toBe('колжетимдилик шектелген');
    expect(normalizeText('&#1044;&#x43e;ступ')).toBe('доступ');
  });
});

describe('blockpages by meaning', () => {
  it('reads a Kazakh blockpage in other words than any fingerprint as a likely blockpage', () => {
    const v = classify(served(page('kz-restricted.html')));
    expect(v).toMatchObject({
      blocking: 'http-blockpage',
      subKind: 'http-blockpage/wording',
      confidence: 'likely',
    });
    expect(v.evidence.map((e) => e.code)).toEqual(['block-wording', 'legal-basis', 'http-status']);
    expect(v.fingerprint).toBeUndefined();
  });

  it('reads a Russian blockpage with another word order, declension, ё and a word split by markup', () => {
    const v = classify(served(page('ru-reworded.html')));
    expect(v).toMatchObject({
      blocking: 'http-blockpage',
      subKind: 'http-blockpage/wording',
      confidence: 'likely',
    });
    expect(v.evidence.find((e) => e.code === 'legal-basis')?.detail).toMatch(/15\.1/);
  });

  it('reads an English notice citing a court order', () => {
    const html =
      '<html><head><title>Notice</title></head><body><h1>This website has been blocked</h1><p>By order of the court, access is restricted.</p></body></html>';
    expect(classify(served(html))).toMatchObject({ blocking: 'http-blockpage', confidence: 'likely' });
  });

  it('keeps a long news article about censorship accessible, though it quotes every block phrase', () => {
    const v = classify(served(page('article-about-censorship.html')));
    expect(v).toMatchObject({ blocking: 'accessible', subKind: 'accessible/ok' });
  });

  it('does not take a short page that mentions blocking below its opening for a notice', () => {
    const html = `<html><head><title>Recipes</title></head><body><h1>Soup of the day</h1><p>${'Onions, carrots and a lot of patience. '.repeat(16)}</p><p>Our old site was blocked by mistake last year.</p></body></html>`;
    expect(classify(served(html)).blocking).toBe('accessible');
  });

  it('does not take an article that uses the noun "blocking" for a notice', () => {
    const html =
      '<html><head><title>How to get around the blocking of sites</title></head><body><p>A guide.</p></body></html>';
    expect(classify(served(html)).blocking).toBe('accessible');
  });

  it('adds a size drop to a notice when this site usually serves a page ten times bigger', () => {
    const small = served(page('small-notice.html'));
    expect(classify(small)).toMatchObject({ blocking: 'http-blockpage', confidence: 'possible' });
    const v = classify(small, { usualBodyBytes: 300 * 1024 });
    expect(v).toMatchObject({ blocking: 'http-blockpage', confidence: 'likely' });
    expect(v.evidence.find((e) => e.code === 'size-drop')?.detail).toMatch(/usually serves 300 KB/);
  });

  it('does not call a small page a blockpage for its size alone', () => {
    const v = classify(served('<html><title>Home</title><p>Hi</p></html>'), { usualBodyBytes: 300 * 1024 });
    expect(v.blocking).toBe('accessible');
  });

  it('takes HTTP 451 with a notice as a blockpage with both signals', () => {
    const v = classify(served(page('ru-reworded.html'), { status: 451 }));
    expect(v).toMatchObject({ blocking: 'http-blockpage', confidence: 'confirmed' });
    expect(v.evidence.map((e) => e.code)).toContain('status-451');
  });

  it('keeps a lone HTTP 451 the 451 rule’s', () => {
    const v = classify(served('<title>Unavailable For Legal Reasons</title>', { status: 451 }));
    expect(v.subKind).toBe('http-blockpage/status-451');
  });

  it('calls a redirect to another site carrying our address in its query a possible blockpage', () => {
    const to = `http://warning.isp.example/?url=${encodeURIComponent(target.url)}`;
    const v = classify(
      served(page('warning-landing.html'), {
        finalUrl: to,
        redirects: [{ from: target.url, to, status: 302 }],
        ip: '198.18.0.1',
      }),
    );
    expect(v).toMatchObject({
      blocking: 'http-blockpage',
      subKind: 'http-blockpage/redirect-with-original-url',
      confidence: 'possible',
    });
  });

  it('does not count a redirect within the same site carrying our address (a consent page)', () => {
    const to = `http://consent.news.example/?continue=${encodeURIComponent(target.url)}`;
    const notice = readBlockNotice({ url: target.url, bodyBytes: 100, redirectTargets: [to] });
    expect(notice).toBeUndefined();
  });

  it('calls a notice served from an address DoH does not give for the name DNS tampering', () => {
    const v = classify(served(page('kz-restricted.html'), { ip: '31.13.72.36' }));
    expect(v).toMatchObject({ blocking: 'dns', subKind: 'dns/mismatch', confidence: 'confirmed' });
    expect(v.evidence.map((e) => e.code)).toEqual([
      'ip-mismatch',
      'block-wording',
      'legal-basis',
      'doh-addresses',
    ]);
  });
});

describe('DNS lies behind a failed connection', () => {
  it.each(['net::ERR_CONNECTION_REFUSED', 'net::ERR_CONNECTION_RESET', 'net::ERR_CONNECTION_TIMED_OUT'])(
    'calls %s for a name DoH says does not exist dns, not tcp_ip',
    (netError) => {
      const v = classify(failed(netError, {}, { dns: [nx('a'), nx('b')] }));
      expect(v).toMatchObject({ blocking: 'dns', subKind: 'dns/fake-address', confidence: 'confirmed' });
      expect(v.evidence.map((e) => e.code)).toEqual(['local-answer', 'doh-nxdomain', 'net-error']);
    },
  );

  it('calls it likely with one resolver saying NXDOMAIN, and our own timeout counts too', () => {
    const v = classify(
      failed(
        '',
        { error: { kind: 'timeout', message: 'TimeoutError' } },
        { dns: [nx('a'), doh([], { ok: false, resolver: 'b' })] },
      ),
    );
    expect(v).toMatchObject({ subKind: 'dns/fake-address', confidence: 'likely' });
  });

  it('leaves a name that fails to resolve everywhere down', () => {
    expect(classify(failed('net::ERR_NAME_NOT_RESOLVED', {}, { dns: [nx('a'), nx('b')] })).subKind).toBe(
      'down/nxdomain',
    );
  });
});

describe('redirect hops resolved over DoH', () => {
  const hop = 'https://cdn.news-static.example/';
  const redirected = (netError: string, hopDns: DnsObservation[], ip?: string) =>
    failed(
      netError,
      { redirects: [{ from: target.url, to: hop, status: 302 }], ...(ip ? { ip } : {}) },
      { redirectDns: [{ host: 'cdn.news-static.example', dns: hopDns }] },
    );

  it('calls a redirect target the local resolver cannot resolve but DoH can dns', () => {
    const v = classify(
      redirected('net::ERR_NAME_NOT_RESOLVED', [doh(['151.101.1.1']), doh(['151.101.1.1'])]),
    );
    expect(v).toMatchObject({ blocking: 'dns', subKind: 'dns/redirect-target', confidence: 'confirmed' });
    expect(v.evidence[0]).toMatchObject({ code: 'redirect-hop' });
    expect(v.evidence[0]!.detail).toContain('cdn.news-static.example');
  });

  it('calls a redirect target that exists nowhere the site’s problem', () => {
    const v = classify(redirected('net::ERR_NAME_NOT_RESOLVED', [nx('a'), nx('b')]));
    expect(v).toMatchObject({ blocking: 'down', subKind: 'down/redirect-target-gone' });
  });

  it('calls a redirect target resolved locally to another address, then refused, possible dns', () => {
    const v = classify(redirected('net::ERR_CONNECTION_REFUSED', [doh(['151.101.1.1'])], '31.13.72.36'));
    expect(v).toMatchObject({ blocking: 'dns', subKind: 'dns/redirect-target', confidence: 'possible' });
  });

  it('keeps the old answer when the hop was never asked about (older measurements)', () => {
    const v = classify(
      failed('net::ERR_NAME_NOT_RESOLVED', { redirects: [{ from: target.url, to: hop, status: 302 }] }),
    );
    expect(v.subKind).toBe('http-failure/redirect-failed');
  });
});
