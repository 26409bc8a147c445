import * as dnsPacket from '@leichtgewicht/dns-packet';
import { connect as tcpConnect } from 'node:net';
import { request as httpsRequest } from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostByName, startLab, type Lab } from './index';

let lab: Lab;
const ipOf = (name: string) => hostByName(lab.hosts, name).ip;

beforeAll(async () => {
  lab = await startLab({ throttleBytes: 8 * 1024, throttleIntervalMs: 50 });
});
afterAll(() => lab.stop());

/** Outcome of a raw TCP (and optional TLS) connection to a lab address, from Node. */
function tcpOutcome(ip: string, port: number, waitMs = 400): Promise<string> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: ip, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('silent');
    }, waitMs);
    socket.on('connect', () => socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    socket.on('data', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve('answered');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(error.code ?? 'error');
    });
  });
}

function tlsOutcome(
  ip: string,
  servername: string | undefined,
  ca?: string,
): Promise<{ outcome: string; issuer?: string }> {
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: ip, port: 443, servername, ca, rejectUnauthorized: false });
    socket.on('secureConnect', () => {
      const issuer = socket.getPeerCertificate().issuer?.CN;
      const outcome = socket.authorized ? 'trusted' : `untrusted:${String(socket.authorizationError)}`;
      socket.destroy();
      resolve({ outcome, issuer });
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve({ outcome: error.code ?? 'error' }));
  });
}

function getHttps(
  ip: string,
  name: string,
  path: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: ip,
        servername: name,
        path,
        ca: lab.certs.caPem,
        headers: { host: name, accept: 'application/dns-json' },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('latin1'),
            headers: res.headers,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('the censor lab', () => {
  it('serves the clean site over HTTPS with a certificate the lab CA verifies', async () => {
    expect((await tlsOutcome(ipOf('clean.lab.test'), 'clean.lab.test', lab.certs.caPem)).outcome).toBe(
      'trusted',
    );
    const page = await getHttps(ipOf('clean.lab.test'), 'clean.lab.test', '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('clean.lab.test');
  });

  it('resets, refuses and blackholes at the TCP level', async () => {
    expect(await tcpOutcome(ipOf('reset.lab.test'), 80)).toBe('ECONNRESET');
    expect(await tcpOutcome(ipOf('refused.lab.test'), 443)).toBe('ECONNREFUSED');
    expect(await tcpOutcome(ipOf('blackhole.lab.test'), 80)).toBe('silent');
    expect(await tcpOutcome(ipOf('clean.lab.test'), 80)).toBe('answered');
  });

  it('resets a ClientHello naming a blocked SNI but completes one without SNI or with another name', async () => {
    const ip = ipOf('sni-blocked.lab.test');
    expect((await tlsOutcome(ip, 'sni-blocked.lab.test', lab.certs.caPem)).outcome).toBe('ECONNRESET');
    expect((await tlsOutcome(ip, 'sni-ok.lab.test', lab.certs.caPem)).outcome).toBe('trusted');
    expect((await tlsOutcome(ip, undefined, lab.certs.caPem)).outcome).toMatch(/^untrusted|^trusted/);
  });

  it('presents an interception certificate the lab CA does not verify', async () => {
    const result = await tlsOutcome(ipOf('intercept.lab.test'), 'intercept.lab.test', lab.certs.caPem);
    expect(result.outcome).toMatch(/^untrusted/);
    expect(result.issuer).toBe('Qaznet Trust Network Lab');
  });

  it('answers DNS-over-HTTPS in wire format: the true address, and NXDOMAIN for a name that does not exist', async () => {
    const ask = async (name: string) => {
      const query = Buffer.from(
        dnsPacket.packet.encode({
          type: 'query',
          id: 0,
          flags: dnsPacket.RECURSION_DESIRED,
          questions: [{ type: 'A', name }],
        }),
      ).toString('base64url');
      const response = await getHttps(ipOf('doh1.lab.test'), 'doh1.lab.test', `/dns-query?dns=${query}`);
      return dnsPacket.packet.decode(new Uint8Array(Buffer.from(response.body, 'latin1')));
    };
    const poisoned = await ask('poisoned.lab.test');
    expect(poisoned.answers?.[0]?.data).toBe(ipOf('poisoned.lab.test'));
    expect(poisoned.rcode).toBe('NOERROR');
    expect((await ask('gone.lab.test')).rcode).toBe('NXDOMAIN');
    expect((await ask('nxdomain.lab.test')).answers?.[0]?.data).toBe(ipOf('nxdomain.lab.test'));
  });

  it('answers DNS-over-HTTPS in the JSON flavour, and the garbage resolver answers garbage', async () => {
    const json = await getHttps(
      ipOf('doh2.lab.test'),
      'doh2.lab.test',
      '/dns-query?name=clean.lab.test&type=A',
    );
    expect(JSON.parse(json.body)).toMatchObject({ Status: 0, Answer: [{ data: ipOf('clean.lab.test') }] });
    const garbage = await getHttps(
      ipOf('garbage-doh.lab.test'),
      'garbage-doh.lab.test',
      '/dns-query?name=clean.lab.test',
    );
    expect(() => JSON.parse(garbage.body)).toThrow();
  });

  it('serves blockpages, block redirects, 503s and the captive check as the scenarios say', async () => {
    const block = await getHttps(ipOf('blockpage200.lab.test'), 'blockpage200.lab.test', '/');
    expect(block.body).toContain('vantage-lab-blockpage');
    const redirect = await getHttps(ipOf('redirect-block.lab.test'), 'redirect-block.lab.test', '/');
    expect(redirect.status).toBe(302);
    expect(String(redirect.headers.location)).toMatch(/^http:\/\/block\.lab\.test\//);
    expect((await getHttps(ipOf('http503.lab.test'), 'http503.lab.test', '/')).status).toBe(503);
    expect((await getHttps(ipOf('captive.lab.test'), 'captive.lab.test', '/generate_204')).status).toBe(204);
    lab.setCaptive(true);
    expect((await getHttps(ipOf('captive.lab.test'), 'captive.lab.test', '/generate_204')).status).toBe(302);
    lab.setCaptive(false);
  });

  it('trickles the throttled body slowly', async () => {
    const start = Date.now();
    const page = await getHttps(ipOf('throttled.lab.test'), 'throttled.lab.test', '/');
    expect(page.body.length).toBeGreaterThanOrEqual(8 * 1024);
    expect(Date.now() - start).toBeGreaterThanOrEqual(8 * 50 - 20);
  });

  it('switches policies at run time: a shutdown blackholes domestic sites and DoH, normal restores them', async () => {
    lab.play('shutdown');
    expect(await tcpOutcome(ipOf('egov.lab.test'), 443)).toBe('silent');
    expect(await tcpOutcome(ipOf('doh1.lab.test'), 443)).toBe('silent');
    lab.play('whitelist');
    expect((await tlsOutcome(ipOf('egov.lab.test'), 'egov.lab.test', lab.certs.caPem)).outcome).toBe(
      'trusted',
    );
    expect(await tcpOutcome(ipOf('wikipedia.lab.test'), 443)).toBe('silent');
    lab.play('messenger-block');
    expect((await tlsOutcome(ipOf('telegram.lab.test'), 'telegram.lab.test', lab.certs.caPem)).outcome).toBe(
      'ECONNRESET',
    );
    expect(
      (await tlsOutcome(ipOf('wikipedia.lab.test'), 'wikipedia.lab.test', lab.certs.caPem)).outcome,
    ).toBe('trusted');
    lab.play('normal');
    expect(await tcpOutcome(ipOf('egov.lab.test'), 80)).toBe('answered');
  });

  it('ends its resolver rules with MAP * ~NOTFOUND and maps only to loopback', () => {
    expect(lab.resolverRules.endsWith('MAP * ~NOTFOUND')).toBe(true);
    expect(lab.resolverRules).toContain('MAP nxdomain.lab.test ~NOTFOUND');
    expect(lab.resolverRules).toContain(`MAP poisoned.lab.test ${ipOf('block.lab.test')}`);
    for (const rule of lab.resolverRules.split(', '))
      expect(rule).toMatch(/^MAP \S+ (~NOTFOUND|127\.\d+\.\d+\.\d+)$/);
  });

  it('records what the API host received', async () => {
    const list = await getHttps(ipOf('api.lab.test'), 'api.lab.test', '/api/v1/test-list/urls?probe_cc=KZ');
    expect(JSON.parse(list.body).results.length).toBeGreaterThan(5);
    expect(lab.requests.at(-1)?.path).toBe('/api/v1/test-list/urls?probe_cc=KZ');
  });
});
