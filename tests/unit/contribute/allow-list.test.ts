import { describe, expect, it } from 'vitest';
import { toContribution } from '../../../lib/contribute/allow-list';
import { toOoniMeasurement } from '../../../lib/contribute/ooni-format';
import { measurement } from './fixtures';

// A measurement as hostile as a captive portal or a blockpage can make it: every piece of free
// text carries something about the visitor.
function hostile() {
  const m = measurement('https://news.example/story');
  m.observation.http = {
    ...m.observation.http,
    url: 'https://news.example/story',
    finalUrl: 'http://portal.isp.example/login?mac=aa:bb:cc:dd:ee:ff&ip=198.51.100.9&token=s3cr3t',
    redirects: [
      {
        from: 'https://news.example/story',
        to: 'http://portal.isp.example/login?mac=aa:bb:cc:dd:ee:ff&ip=198.51.100.9&token=s3cr3t',
        status: 302,
      },
    ],
    title: 'Hello 198.51.100.9, sign in',
    headers: { 'set-cookie': 'session=s3cr3t', 'x-your-ip': '198.51.100.9' },
    body: '<p>Your address is 198.51.100.9</p>',
    error: {
      kind: 'network',
      netError: 'net::ERR_CONNECTION_RESET',
      message: 'reset by 198.51.100.9 s3cr3t',
    },
  };
  m.observation.dns = [
    {
      resolver: 'https://dns.nextdns.example/abc123personal',
      via: 'doh-wire',
      ok: false,
      rcode: 'SERVFAIL',
      addresses: ['93.184.216.34', 'not-an-ip 198.51.100.9'],
      error: 'upstream said 198.51.100.9 s3cr3t',
      ms: 9,
    },
  ];
  m.observation.tls = {
    state: 'secure',
    isBuiltInRoot: false,
    chain: [{ subject: 'CN=news.example', issuer: 'CN=AV Root for s3cr3t-install' }],
    errorMessage: 'quoted 198.51.100.9',
  };
  m.observation.sniControl = { ip: '93.184.216.34', handshakeReached: true, netError: 'said s3cr3t' };
  m.verdict = {
    blocking: 'http-blockpage',
    subKind: 'http-blockpage/redirect-to-block-host',
    confidence: 'likely',
    evidence: [{ code: 'redirect-to-block-host', detail: 'redirected to http://portal…?token=s3cr3t' }],
    fingerprint: 'lab_portal',
  };
  return m;
}

describe('what a contributed measurement may carry (allow-list)', () => {
  it('sends no free text: titles, headers, bodies, queries, paths, messages, resolver paths', () => {
    const m = hostile();
    const full = JSON.stringify(toOoniMeasurement(m, { softwareVersion: '0.1.0' }));
    // Today's export carries all of it (it is the user's own file)…
    for (const secret of ['198.51.100.9', 's3cr3t', 'aa:bb:cc', 'abc123personal', '/login'])
      expect(full).toContain(secret);
    // …the contribution none of it, without knowing the address.
    const sent = JSON.stringify(toContribution(m, { softwareVersion: '0.1.0' }));
    for (const secret of ['198.51.100.9', 's3cr3t', 'aa:bb:cc', 'abc123personal', '/login', 'sign in'])
      expect(sent).not.toContain(secret);
  });

  it('keeps what the verdict needs: codes, hosts, statuses, timings, DNS answers, connected address', () => {
    const { test_keys: keys } = toContribution(hostile(), { softwareVersion: '0.1.0' });
    expect(keys).toMatchObject({
      result: 'error',
      blocking: 'http-blockpage',
      accessible: false,
      vantage_verdict: {
        subKind: 'http-blockpage/redirect-to-block-host',
        confidence: 'likely',
        evidence: ['redirect-to-block-host'],
        fingerprint: 'lab_portal',
      },
      vantage_http: {
        final_url: 'http://portal.isp.example/',
        redirects: [{ from: 'https://news.example/', to: 'http://portal.isp.example/', status: 302 }],
        failure: 'net::ERR_CONNECTION_RESET',
        connected_ip: '127.0.7.10',
        first_byte_ms: 40,
      },
      vantage_dns: [
        {
          resolver: 'https://dns.nextdns.example/',
          rcode: 'SERVFAIL',
          addresses: ['93.184.216.34'],
          failed: true,
        },
      ],
      // A root that is not built in may be named per install: no chain.
      vantage_tls: { state: 'secure', is_built_in_root: false, chain: null },
      vantage_sni_control: { ip: '93.184.216.34', handshake_reached: true, failure: null },
    });
    expect(Object.keys(keys.vantage_http as object)).not.toContain('headers');
    expect(Object.keys(keys.vantage_http as object)).not.toContain('title');
  });

  it("keeps a public chain's certificate names (a state interception CA is the evidence)", () => {
    const m = hostile();
    m.observation.tls = {
      state: 'broken',
      isBuiltInRoot: true,
      chain: [{ subject: 'CN=news.example', issuer: 'CN=Qaznet Trust Network' }],
    };
    expect(toContribution(m, { softwareVersion: '0.1.0' }).test_keys.vantage_tls).toEqual({
      state: 'broken',
      is_built_in_root: true,
      chain: [{ subject: 'CN=news.example', issuer: 'CN=Qaznet Trust Network' }],
    });
  });
});
