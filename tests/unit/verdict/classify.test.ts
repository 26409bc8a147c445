import { describe, expect, it } from 'vitest';
import { createFingerprintMatcher } from '../../../lib/fingerprints';
import type { DnsObservation, HttpObservation, Observation } from '../../../lib/probe/types';
import type { Target } from '../../../lib/targets/types';
import { isCertificateError } from '../../../lib/probe/sni-control';
import { classify } from '../../../lib/verdict';

const target: Target = {
  id: 'https://news.example/',
  url: 'https://news.example/',
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

function observe(http: Partial<HttpObservation> = {}, rest: Partial<Observation> = {}): Observation {
  const url = rest.target?.url ?? target.url;
  return {
    target,
    startedAt: '2024-01-04T10:00:00.000Z',
    browser: 'chromium',
    http: {
      url,
      finalUrl: url,
      redirects: [],
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<html><title>News</title><p>Hello</p></html>',
      bodyBytes: 45,
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

/** A fetch that failed before any answer, with the browser's error string. */
function failed(
  netError: string,
  rest: Partial<Observation> = {},
  http: Partial<HttpObservation> = {},
): Observation {
  return observe(
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

const httpTarget: Target = { ...target, id: 'http://news.example/', url: 'http://news.example/' };

describe('classify: blockpages', () => {
  it('classifies a page matching a blockpage fingerprint as http-blockpage', () => {
    const v = classify(observe({ body: '<html><body class="vantage-lab-blockpage">Blocked</body></html>' }));
    expect(v).toMatchObject({
      blocking: 'http-blockpage',
      subKind: 'http-blockpage/fingerprint',
      confidence: 'confirmed',
      fingerprint: 'vantage.lab_0',
    });
    expect(v.evidence.map((e) => e.code)).toContain('fingerprint');
  });

  it('classifies a redirect to a block host as http-blockpage even when the block host fails', () => {
    const v = classify(
      failed(
        'net::ERR_NAME_NOT_RESOLVED',
        {},
        {
          redirects: [{ from: target.url, to: 'http://block.lab.test/?site=news.example', status: 302 }],
        },
      ),
    );
    expect(v).toMatchObject({
      blocking: 'http-blockpage',
      subKind: 'http-blockpage/redirect-to-block-host',
      confidence: 'confirmed',
      fingerprint: 'vantage.lab_1',
    });
    expect(v.evidence.map((e) => e.code)).toEqual(
      expect.arrayContaining(['redirect-to-block-host', 'net-error']),
    );
  });

  it("matches a Russian ISP's redirect to its block host", () => {
    const v = classify(
      observe({
        redirects: [{ from: target.url, to: 'http://warning.rt.ru/?id=17', status: 302 }],
        finalUrl: 'http://warning.rt.ru/?id=17',
        ip: '212.48.196.1',
      }),
    );
    expect(v).toMatchObject({
      blocking: 'http-blockpage',
      fingerprint: 'ooni.ru_6',
      confidence: 'confirmed',
    });
  });

  it("does not take a site's redirect to itself for a block host", () => {
    const rkn: Target = { ...target, id: 'http://rkn.gov.ru/', url: 'http://rkn.gov.ru/' };
    const v = classify(
      observe(
        {
          redirects: [{ from: rkn.url, to: 'https://rkn.gov.ru/', status: 301 }],
          finalUrl: 'https://rkn.gov.ru/',
        },
        { target: rkn },
      ),
    );
    expect(v.blocking).toBe('accessible');
  });

  it('classifies HTTP 451 as a legal block', () => {
    const v = classify(observe({ status: 451 }));
    expect(v).toMatchObject({
      blocking: 'http-blockpage',
      subKind: 'http-blockpage/status-451',
      confidence: 'likely',
    });
  });

  it('uses the fingerprints passed in the context', () => {
    const fingerprints = createFingerprintMatcher({
      http: [['test.x_0', 'isp', 'body', 'contains', 'Hello', 7, 'XX']],
      dns: [],
    });
    expect(classify(observe(), { fingerprints })).toMatchObject({
      blocking: 'http-blockpage',
      confidence: 'likely',
      fingerprint: 'test.x_0',
    });
  });
});

describe('classify: dns', () => {
  it('classifies a connection to a known blockpage address as dns tampering', () => {
    const v = classify(observe({ ip: '134.17.0.7', body: '<p>stub</p>' }));
    expect(v).toMatchObject({
      blocking: 'dns',
      subKind: 'dns/known-blockpage-ip',
      confidence: 'confirmed',
      fingerprint: 'ooni.by_4',
    });
  });

  it("confirms dns tampering when the address is not the resolvers' and serves a blockpage", () => {
    const v = classify(
      observe({ ip: '198.51.200.7', body: '<p>see http://eais.rkn.gov.ru/ for details</p>' }),
    );
    expect(v).toMatchObject({
      blocking: 'dns',
      subKind: 'dns/mismatch',
      confidence: 'confirmed',
      fingerprint: 'ooni.ru_5',
    });
    expect(v.evidence.map((e) => e.code)).toEqual(expect.arrayContaining(['ip-mismatch', 'fingerprint']));
  });

  it("keeps a working page accessible when its address differs from the resolvers' (CDNs do that)", () => {
    const v = classify(observe({ ip: '151.101.1.1' }));
    expect(v.blocking).toBe('accessible');
    expect(v.evidence.map((e) => e.code)).toContain('ip-mismatch');
  });

  it('calls a failing fetch to an address the resolvers did not give a possible dns mismatch', () => {
    const v = classify(failed('net::ERR_CONNECTION_REFUSED', {}, { ip: '151.101.1.1' }));
    expect(v).toMatchObject({ blocking: 'dns', subKind: 'dns/mismatch', confidence: 'possible' });
  });

  it('calls a certificate for another name from an address the resolvers did not give likely dns tampering', () => {
    const v = classify(failed('net::ERR_CERT_COMMON_NAME_INVALID', {}, { ip: '151.101.1.1' }));
    expect(v).toMatchObject({ blocking: 'dns', subKind: 'dns/mismatch', confidence: 'likely' });
  });

  it('does not compare addresses when the resolvers disagree with each other', () => {
    const v = classify(
      failed(
        'net::ERR_CONNECTION_REFUSED',
        { dns: [doh(['1.1.1.10']), doh(['2.2.2.20'])] },
        { ip: '3.3.3.30' },
      ),
    );
    // Nothing corroborates the refusal.
    expect(v.subKind).toBe('inconclusive/refused');
  });

  it('does not compare an IPv6 connection with IPv4 answers', () => {
    const v = classify(failed('net::ERR_CONNECTION_REFUSED', {}, { ip: '2606:2800:220:1::1' }));
    expect(v.subKind).toBe('inconclusive/refused');
  });

  it('classifies a bogon answer the resolvers did not give as dns/bogon', () => {
    const v = classify(failed('net::ERR_CONNECTION_REFUSED', {}, { ip: '0.0.0.0' }));
    expect(v).toMatchObject({ blocking: 'dns', subKind: 'dns/bogon', confidence: 'likely' });
  });

  it("reads a bogon from Firefox's system resolver when nothing was connected to", () => {
    const system: DnsObservation = {
      resolver: 'system',
      via: 'system',
      ok: true,
      rcode: 'NOERROR',
      addresses: ['10.1.2.3'],
      ms: 5,
    };
    const v = classify(
      failed('NS_ERROR_CONNECTION_REFUSED', { browser: 'firefox', dns: [doh(['93.184.216.34']), system] }),
    );
    expect(v.subKind).toBe('dns/bogon');
  });

  it('does not flag loopback answers when the resolvers give loopback too (the test lab)', () => {
    const v = classify(observe({ ip: '127.0.0.1' }, { dns: [doh(['127.0.0.1']), doh(['127.0.0.1'])] }));
    expect(v.blocking).toBe('accessible');
    const refused = classify(
      failed('net::ERR_CONNECTION_REFUSED', { dns: [doh(['127.0.0.1'])] }, { ip: '127.0.0.1' }),
    );
    expect(refused.subKind).toBe('inconclusive/refused');
  });

  it('confirms dns blocking when the name fails locally but two resolvers resolve it', () => {
    const v = classify(failed('net::ERR_NAME_NOT_RESOLVED'));
    expect(v).toMatchObject({ blocking: 'dns', subKind: 'dns/nxdomain', confidence: 'confirmed' });
    expect(v.evidence.map((e) => e.code)).toEqual(['net-error', 'doh-addresses']);
  });

  it('calls it likely dns blocking when one resolver resolves the name', () => {
    const v = classify(
      failed('net::ERR_NAME_NOT_RESOLVED', {
        dns: [doh(['93.184.216.34']), doh([], { ok: false, error: 'timeout' })],
      }),
    );
    expect(v).toMatchObject({ blocking: 'dns', subKind: 'dns/nxdomain', confidence: 'likely' });
  });

  it("accepts Firefox's NS_ERROR_UNKNOWN_HOST like Chromium's ERR_NAME_NOT_RESOLVED", () => {
    expect(classify(failed('NS_ERROR_UNKNOWN_HOST', { browser: 'firefox' })).subKind).toBe('dns/nxdomain');
  });

  it('calls a name every resolver says does not exist down, not blocked', () => {
    const gone = doh([], { rcode: 'NXDOMAIN' });
    const v = classify(failed('net::ERR_NAME_NOT_RESOLVED', { dns: [gone, gone] }));
    expect(v).toMatchObject({ blocking: 'down', subKind: 'down/nxdomain', confidence: 'likely' });
  });

  it('is inconclusive about an unresolvable name when no resolver is reachable', () => {
    const unreachable = doh([], { ok: false, rcode: undefined, error: 'TypeError: Failed to fetch' });
    const v = classify(failed('net::ERR_NAME_NOT_RESOLVED', { dns: [unreachable, unreachable] }));
    expect(v).toMatchObject({ blocking: 'inconclusive', subKind: 'inconclusive/dns-unverified' });
    expect(v.evidence.map((e) => e.code)).toContain('doh-unreachable');
  });

  it('does not blame our name when a redirect target fails to resolve', () => {
    const v = classify(
      failed(
        'net::ERR_NAME_NOT_RESOLVED',
        {},
        { redirects: [{ from: target.url, to: 'https://cdn.other.example/', status: 302 }] },
      ),
    );
    expect(v.subKind).toBe('http-failure/redirect-failed');
  });
});

describe('classify: tcp_ip and tls', () => {
  it('classifies a reset after ClientHello as tls interference', () => {
    const v = classify(
      failed('net::ERR_CONNECTION_RESET', {
        sniControl: {
          ip: '93.184.216.34',
          handshakeReached: true,
          netError: 'net::ERR_CERT_COMMON_NAME_INVALID',
        },
      }),
    );
    expect(v).toMatchObject({ blocking: 'tls', subKind: 'tls/reset-after-hello', confidence: 'likely' });
    expect(v.evidence.map((e) => e.code)).toEqual(['net-error', 'sni-control-handshake']);
  });

  it('classifies a reset that also hits the address without SNI as a tcp_ip block', () => {
    const v = classify(
      failed('NS_ERROR_NET_RESET', {
        browser: 'firefox',
        sniControl: { ip: '93.184.216.34', handshakeReached: false, netError: 'NS_ERROR_NET_RESET' },
      }),
    );
    expect(v).toMatchObject({ blocking: 'tcp_ip', subKind: 'tcp_ip/reset', confidence: 'likely' });
  });

  it('does not call a reset an address block when the control without SNI only ran out of our time', () => {
    // On a busy browser the control's connection can wait in the socket pool past our deadline;
    // Chromium then reports only that the request was aborted.
    for (const netError of ['net::ERR_ABORTED', undefined]) {
      const v = classify(
        failed('net::ERR_CONNECTION_RESET', {
          sniControl: { ip: '93.184.216.34', handshakeReached: false, ...(netError ? { netError } : {}) },
        }),
      );
      expect(v).toMatchObject({ blocking: 'tls', subKind: 'tls/reset-after-hello', confidence: 'possible' });
      expect(v.evidence.map((e) => e.code)).toEqual(['net-error', 'sni-control-unfinished']);
    }
  });

  it('still calls a reset an address block when the control without SNI was refused or timed out by the network', () => {
    for (const netError of ['net::ERR_CONNECTION_REFUSED', 'net::ERR_CONNECTION_TIMED_OUT']) {
      const v = classify(
        failed('net::ERR_CONNECTION_RESET', {
          sniControl: { ip: '93.184.216.34', handshakeReached: false, netError },
        }),
      );
      expect(v).toMatchObject({ blocking: 'tcp_ip', subKind: 'tcp_ip/reset', confidence: 'likely' });
      expect(v.evidence.map((e) => e.code)).toContain('sni-control-failed');
    }
  });

  it('classifies a reset on plain http as a tcp_ip block', () => {
    const v = classify(failed('net::ERR_CONNECTION_RESET', { target: httpTarget }));
    expect(v).toMatchObject({ blocking: 'tcp_ip', subKind: 'tcp_ip/reset', confidence: 'likely' });
  });

  it('calls an https reset without an SNI control possible tls interference', () => {
    const v = classify(failed('PR_CONNECT_RESET_ERROR', { browser: 'firefox' }));
    expect(v).toMatchObject({ blocking: 'tls', subKind: 'tls/reset-after-hello', confidence: 'possible' });
    expect(v.evidence.map((e) => e.code)).toContain('sni-control-missing');
  });

  it('classifies a handshake timeout the address survives without SNI as tls interference (Kazakhstan, OONI 2024)', () => {
    const v = classify(
      failed('net::ERR_TIMED_OUT', { sniControl: { ip: '93.184.216.34', handshakeReached: true } }),
    );
    expect(v).toMatchObject({ blocking: 'tls', subKind: 'tls/timeout-after-hello', confidence: 'likely' });
  });

  it('calls a lone refused connection with DNS consistent with DoH inconclusive, in words', () => {
    const v = classify(failed('net::ERR_CONNECTION_REFUSED', {}, { ip: '93.184.216.34' }));
    expect(v).toMatchObject({
      blocking: 'inconclusive',
      subKind: 'inconclusive/refused',
      confidence: 'possible',
    });
    expect(v.evidence.find((e) => e.code === 'ambiguous')?.detail).toBe(
      'the site refused the connection: it may be down, or blocked by address',
    );
  });

  it('calls a refused connection a tcp_ip block when the local DNS answer is none of the resolvers’', () => {
    const system: DnsObservation = {
      resolver: 'system',
      via: 'system',
      ok: true,
      rcode: 'NOERROR',
      addresses: ['31.13.72.36'],
      ms: 5,
    };
    const v = classify(
      failed('NS_ERROR_CONNECTION_REFUSED', { browser: 'firefox', dns: [doh(['93.184.216.34']), system] }),
    );
    expect(v).toMatchObject({ blocking: 'tcp_ip', subKind: 'tcp_ip/refused', confidence: 'likely' });
    expect(v.evidence.map((e) => e.code)).toContain('ip-mismatch');
  });

  it.each([
    ['net::ERR_CONNECTION_TIMED_OUT', 'network'],
    ['net::ERR_ADDRESS_UNREACHABLE', 'network'],
    ['NS_ERROR_NET_TIMEOUT', 'network'],
    ['net::ERR_ABORTED', 'timeout'], // our own AbortSignal.timeout, as Chromium reports it
  ] as const)('classifies %s before the first byte as a possible tcp_ip timeout', (netError, kind) => {
    const v = classify(failed(netError, {}, { error: { kind, netError, message: 'x' } }));
    expect(v).toMatchObject({ blocking: 'tcp_ip', subKind: 'tcp_ip/timeout', confidence: 'possible' });
  });

  it('classifies our own timeout with no browser error as a possible tcp_ip timeout', () => {
    const v = classify(
      failed('', {}, { error: { kind: 'timeout', message: 'TimeoutError' }, timing: { endMs: 15_000 } }),
    );
    expect(v.subKind).toBe('tcp_ip/timeout');
    expect(v.evidence[0]?.code).toBe('fetch-timeout');
  });

  it('classifies an untrusted certificate authority as likely interception', () => {
    expect(classify(failed('net::ERR_CERT_AUTHORITY_INVALID'))).toMatchObject({
      blocking: 'tls',
      subKind: 'tls/untrusted-root',
      confidence: 'likely',
    });
    expect(classify(failed('SEC_ERROR_UNKNOWN_ISSUER', { browser: 'firefox' })).subKind).toBe(
      'tls/untrusted-root',
    );
  });

  // What firefox-esr 153 reported against the lab (tests/e2e/popup-firefox.test.ts): its
  // security layer speaks in sentences, in the browser's language, not in codes.
  it('reads Firefox’s English security sentences as the certificate errors they name', () => {
    expect(
      classify(failed('Peer’s Certificate issuer is not recognized.', { browser: 'firefox' })).subKind,
    ).toBe('tls/untrusted-root');
    expect(
      classify(
        failed(
          'Unable to communicate securely with peer: requested domain name does not match the server’s certificate.',
          {
            browser: 'firefox',
          },
        ),
      ).subKind,
    ).toBe('inconclusive/cert-mismatch');
  });

  it('takes a security sentence in another language as a failed handshake, not as unexplained', () => {
    const v = classify(failed('Не удаётся безопасно связаться с узлом.', { browser: 'firefox' }));
    expect(v).toMatchObject({ blocking: 'tls', subKind: 'tls/handshake-failure' });
  });

  it('counts Firefox’s certificate sentence from the address without SNI as a reached handshake', () => {
    expect(
      isCertificateError(
        'Unable to communicate securely with peer: requested domain name does not match the server’s certificate.',
      ),
    ).toBe(true);
    expect(
      isCertificateError(
        'Не удаётся безопасно связаться с узлом: имя домена не совпадает с сертификатом сервера.',
      ),
    ).toBe(true);
    expect(isCertificateError('NS_ERROR_NET_RESET')).toBe(false);
    expect(isCertificateError('net::ERR_CONNECTION_RESET')).toBe(false);
    expect(isCertificateError('NS_ERROR_NET_TIMEOUT')).toBe(false);
  });

  it("confirms interception when the chain names Kazakhstan's interception CA", () => {
    const v = classify(
      failed('SEC_ERROR_UNKNOWN_ISSUER', {
        browser: 'firefox',
        tls: {
          state: 'broken',
          chain: [
            {
              subject: 'CN=news.example',
              issuer: 'C=KZ,O=ISCA,CN=Information Security Certification Authority',
            },
          ],
        },
      }),
    );
    expect(v).toMatchObject({ subKind: 'tls/untrusted-root', confidence: 'confirmed' });
    expect(v.evidence.map((e) => e.code)).toContain('interception-ca');
  });

  it('confirms interception when Chromium refuses a known interception root', () => {
    expect(classify(failed('net::ERR_CERT_KNOWN_INTERCEPTION_BLOCKED'))).toMatchObject({
      subKind: 'tls/untrusted-root',
      confidence: 'confirmed',
    });
  });

  it('confirms interception when Firefox shows a working page under a locally installed root', () => {
    const v = classify(
      observe(
        {},
        {
          browser: 'firefox',
          tls: {
            state: 'secure',
            isBuiltInRoot: false,
            chain: [
              { subject: 'CN=news.example', issuer: 'CN=Qaznet Trust Network' },
              { subject: 'CN=Qaznet Trust Network', issuer: 'CN=Qaznet Trust Network' },
            ],
          },
        },
      ),
    );
    expect(v).toMatchObject({ blocking: 'tls', subKind: 'tls/untrusted-root', confidence: 'confirmed' });
    expect(v.evidence.map((e) => e.code)).toEqual(['untrusted-root', 'interception-ca']);
  });

  it('treats antivirus HTTPS scanning as this device, not the network', () => {
    const v = classify(
      observe(
        {},
        {
          browser: 'firefox',
          tls: {
            state: 'secure',
            isBuiltInRoot: false,
            chain: [
              { subject: 'CN=news.example', issuer: 'CN=Kaspersky Anti-Virus Personal Root Certificate' },
            ],
          },
        },
      ),
    );
    expect(v.blocking).toBe('accessible');
    expect(v.evidence.map((e) => e.code)).toContain('local-tls-inspection');
  });

  it('calls a certificate for another name with no sign of interception inconclusive, in words', () => {
    const v = classify(failed('net::ERR_CERT_COMMON_NAME_INVALID', {}, { ip: '93.184.216.34' }));
    expect(v).toMatchObject({
      blocking: 'inconclusive',
      subKind: 'inconclusive/cert-mismatch',
      confidence: 'possible',
    });
    expect(v.evidence.map((e) => e.code)).toContain('ambiguous');
  });

  it('calls a certificate for another name from an interception CA a likely tls block', () => {
    const v = classify(
      failed('SSL_ERROR_BAD_CERT_DOMAIN', {
        browser: 'firefox',
        tls: {
          state: 'broken',
          isBuiltInRoot: false,
          chain: [
            { subject: 'CN=news.example', issuer: 'CN=Qaznet Trust Network' },
            { subject: 'CN=Qaznet Trust Network', issuer: 'CN=Qaznet Trust Network' },
          ],
        },
      }),
    );
    expect(v).toMatchObject({ blocking: 'tls', subKind: 'tls/cert-mismatch', confidence: 'likely' });
    expect(v.evidence.map((e) => e.code)).toContain('interception-ca');
  });

  it.each([
    'net::ERR_SSL_PROTOCOL_ERROR',
    'net::ERR_SSL_VERSION_OR_CIPHER_MISMATCH',
    'net::ERR_CONNECTION_CLOSED',
    'PR_END_OF_FILE_ERROR',
  ])('classifies %s on https as a possible tls handshake failure', (netError) => {
    expect(classify(failed(netError))).toMatchObject({
      blocking: 'tls',
      subKind: 'tls/handshake-failure',
      confidence: 'possible',
    });
  });

  it('calls an expired certificate inconclusive (a clock or the site)', () => {
    expect(classify(failed('net::ERR_CERT_DATE_INVALID')).subKind).toBe('inconclusive/certificate-date');
  });
});

describe('classify: http and throughput', () => {
  it('calls too many redirects the site’s problem: down, with why', () => {
    const hops = [1, 2, 3].map((n) => ({
      from: `${target.url}?${n}`,
      to: `${target.url}?${n + 1}`,
      status: 302,
    }));
    const v = classify(
      failed(
        'net::ERR_TOO_MANY_REDIRECTS',
        {},
        { redirects: hops, error: { kind: 'redirect-loop', message: 'x' } },
      ),
    );
    expect(v).toMatchObject({ blocking: 'down', subKind: 'down/redirect-loop', confidence: 'likely' });
    expect(v.evidence[0]).toMatchObject({ code: 'redirect-loop' });
    expect(v.evidence[0]!.detail).toMatch(/redirected 3 times .*go round in a circle/);
  });

  it('classifies an empty answer on plain http as http-failure', () => {
    expect(classify(failed('net::ERR_EMPTY_RESPONSE', { target: httpTarget })).subKind).toBe(
      'http-failure/empty-response',
    );
  });

  it('classifies a body that breaks off mid-transfer as http-failure', () => {
    const v = classify(
      observe({
        error: { kind: 'network', netError: 'net::ERR_CONNECTION_RESET', message: 'x' },
        bodyBytes: 4096,
      }),
    );
    expect(v.subKind).toBe('http-failure/body-interrupted');
  });

  it('classifies a timeout after the first byte at a trickle as throttling', () => {
    const v = classify(
      observe({
        error: { kind: 'timeout', netError: 'net::ERR_ABORTED', message: 'TimeoutError' },
        bodyBytes: 150_000,
        timing: { firstByteMs: 300, endMs: 15_000 },
        throughputBps: 10_200,
      }),
    );
    expect(v).toMatchObject({ blocking: 'throttled', subKind: 'throttled/stalled', confidence: 'likely' });
  });

  it('classifies a slow complete transfer as throttled', () => {
    const v = classify(
      observe({ bodyBytes: 200_000, timing: { firstByteMs: 200, endMs: 12_700 }, throughputBps: 16_000 }),
    );
    expect(v).toMatchObject({ blocking: 'throttled', subKind: 'throttled/slow', confidence: 'likely' });
    expect(v.evidence[0]?.code).toBe('throughput');
  });

  it('calls a small page that took over 5 s at a trickle possibly throttled', () => {
    const v = classify(
      observe({ bodyBytes: 20_000, timing: { firstByteMs: 200, endMs: 6_200 }, throughputBps: 3_333 }),
    );
    expect(v).toMatchObject({ blocking: 'throttled', confidence: 'possible' });
  });

  it('does not call a small quick page throttled (latency is not bandwidth)', () => {
    const v = classify(
      observe({ bodyBytes: 2_000, timing: { firstByteMs: 200, endMs: 400 }, throughputBps: 10_000 }),
    );
    expect(v.blocking).toBe('accessible');
  });

  it.each([403, 404, 503])(
    'keeps a healthy server answering %i without a fingerprint accessible',
    (status) => {
      const v = classify(observe({ status, body: '<h1>Not here</h1>' }));
      expect(v).toMatchObject({ blocking: 'accessible', subKind: 'accessible/http-status' });
      expect(v.evidence[0]).toMatchObject({ code: 'http-status' });
    },
  );

  it('keeps a body cut at the cap accessible', () => {
    const v = classify(
      observe({
        bodyBytes: 1_048_576,
        bodyTruncated: true,
        timing: { firstByteMs: 100, endMs: 900 },
        throughputBps: 1_300_000,
      }),
    );
    expect(v).toMatchObject({ blocking: 'accessible', subKind: 'accessible/ok', confidence: 'confirmed' });
    expect(v.evidence.map((e) => e.code)).toEqual(['http-ok', 'body-truncated']);
  });

  it('calls a plain working page accessible and confirmed', () => {
    expect(classify(observe())).toMatchObject({
      blocking: 'accessible',
      subKind: 'accessible/ok',
      confidence: 'confirmed',
    });
  });
});

describe('classify: this device', () => {
  it.each(['net::ERR_INTERNET_DISCONNECTED', 'NS_ERROR_OFFLINE'])(
    'calls %s inconclusive, not blocked',
    (netError) => {
      expect(classify(failed(netError))).toMatchObject({
        blocking: 'inconclusive',
        subKind: 'inconclusive/offline',
      });
    },
  );

  it('blames another extension for ERR_BLOCKED_BY_CLIENT', () => {
    expect(classify(failed('net::ERR_BLOCKED_BY_CLIENT')).subKind).toBe('inconclusive/blocked-locally');
  });

  it('calls a cancelled request inconclusive', () => {
    expect(
      classify(failed('net::ERR_ABORTED', {}, { error: { kind: 'aborted', message: 'AbortError' } })).subKind,
    ).toBe('inconclusive/aborted');
  });

  it('is inconclusive when nothing explains the failure', () => {
    const v = classify(failed('net::ERR_SOMETHING_NEW'));
    expect(v).toMatchObject({ blocking: 'inconclusive', subKind: 'inconclusive/unexplained' });
    expect(v.evidence).toEqual([{ code: 'net-error', detail: 'fetch failed with net::ERR_SOMETHING_NEW' }]);
  });

  it('never throws on an observation with an unparsable URL and no DNS', () => {
    const odd: Target = { ...target, url: 'not a url' };
    expect(() =>
      classify(failed('net::ERR_INVALID_URL', { target: odd, dns: [] }, { url: 'not a url' })),
    ).not.toThrow();
  });
});

describe('classify: the censor lab', () => {
  const lab = (name: string): Target => ({ ...target, id: `https://${name}/`, url: `https://${name}/` });
  const labDoh = (ip: string) => [doh([ip]), doh([ip], { resolver: 'https://doh2.lab.test/dns-query' })];

  it('sees DNS poisoning to the block server over https though every lab address is loopback', () => {
    const v = classify(
      failed(
        'net::ERR_CERT_COMMON_NAME_INVALID',
        { target: lab('poisoned.lab.test'), dns: labDoh('127.0.1.13') },
        { ip: '127.0.1.14', url: 'https://poisoned.lab.test/' },
      ),
    );
    expect(v).toMatchObject({ blocking: 'dns', subKind: 'dns/mismatch', confidence: 'likely' });
  });

  it('confirms DNS poisoning to the block server over http by its blockpage', () => {
    const poisoned: Target = { ...target, id: 'http://poisoned.lab.test/', url: 'http://poisoned.lab.test/' };
    const v = classify(
      observe(
        {
          url: poisoned.url,
          finalUrl: poisoned.url,
          ip: '127.0.1.14',
          body: '<main class="vantage-lab-blockpage">Blocked</main>',
        },
        { target: poisoned, dns: labDoh('127.0.1.13') },
      ),
    );
    expect(v).toMatchObject({
      blocking: 'dns',
      subKind: 'dns/mismatch',
      confidence: 'confirmed',
      fingerprint: 'vantage.lab_0',
    });
  });

  it("confirms interception by the lab's Qaznet-style root in Firefox", () => {
    const v = classify(
      observe(
        { url: 'https://intercept.lab.test/', ip: '127.0.1.19' },
        {
          target: lab('intercept.lab.test'),
          browser: 'firefox',
          dns: labDoh('127.0.1.19'),
          tls: {
            state: 'secure',
            isBuiltInRoot: false,
            chain: [
              {
                subject: 'CN=intercept.lab.test',
                issuer: 'CN=Qaznet Trust Network Lab,O=Qaznet Trust Network Lab,C=KZ',
              },
            ],
          },
        },
      ),
    );
    expect(v).toMatchObject({ blocking: 'tls', subKind: 'tls/untrusted-root', confidence: 'confirmed' });
  });
});
