import * as dnsPacket from '@leichtgewicht/dns-packet';
import { connect as tcpConnect } from 'node:net';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as http2Connect } from 'node:http2';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_BLOCKPAGE_MARKER, hostByName, startLab, type Lab } from './index';

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
      const issuer = [socket.getPeerCertificate().issuer?.CN].flat()[0];
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

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One request to a lab address with the lab CA trusted; `headersOnly` drops the body (for /big). */
function send(
  scheme: 'http' | 'https',
  name: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: Buffer; headersOnly?: boolean } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const options = {
      host: ipOf(name),
      servername: name,
      path,
      method: init.method ?? 'GET',
      ca: lab.caPem,
      headers: { host: name, ...init.headers },
      agent: false,
    };
    const req = (scheme === 'https' ? httpsRequest : httpRequest)(options, (res) => {
      const reply = { status: res.statusCode ?? 0, headers: res.headers };
      if (init.headersOnly) {
        res.destroy();
        return resolve({ ...reply, body: Buffer.alloc(0) });
      }
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ ...reply, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const dnsQuery = (name: string, type: 'A' | 'AAAA' = 'A') =>
  Buffer.from(
    dnsPacket.packet.encode({
      type: 'query',
      id: 7,
      flags: dnsPacket.RECURSION_DESIRED,
      questions: [{ type, name }],
    }),
  );
const dnsAnswer = (reply: Reply) => dnsPacket.packet.decode(new Uint8Array(reply.body));

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

  it('speaks HTTP/2 on its DoH resolvers, as public DoH services do (RFC 8484 §5.2), and HTTP/1.1 to a client without h2', async () => {
    const ask = async (name: string) => {
      const session = http2Connect(`https://${name}`, {
        ca: lab.certs.caPem,
        servername: name,
        createConnection: () =>
          tlsConnect({
            host: ipOf(name),
            port: 443,
            servername: name,
            ca: lab.certs.caPem,
            ALPNProtocols: ['h2'],
          }),
      });
      try {
        // Two queries at once on one connection: what multiplexing gives a browser's run.
        const answers = await Promise.all(
          ['clean.lab.test', 'kaspi.lab.test'].map(
            (asked) =>
              new Promise<{ status: number; body: string }>((resolve, reject) => {
                const stream = session.request({
                  ':path': `/dns-query?name=${asked}&type=A`,
                  accept: 'application/dns-json',
                });
                let status = 0;
                let body = '';
                stream.on('response', (headers) => (status = Number(headers[':status'])));
                stream.setEncoding('utf8');
                stream.on('data', (chunk: string) => (body += chunk));
                stream.on('end', () => resolve({ status, body }));
                stream.on('error', reject);
              }),
          ),
        );
        return { alpn: (session.socket as TLSSocket).alpnProtocol, answers };
      } finally {
        session.close();
      }
    };
    for (const name of ['doh1.lab.test', 'doh2.lab.test']) {
      const { alpn, answers } = await ask(name);
      expect(alpn).toBe('h2');
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      expect(JSON.parse(answers[1]!.body)).toMatchObject({ Answer: [{ data: ipOf('kaspi.lab.test') }] });
    }
    // An ordinary site stays HTTP/1.1 (the lab's sites are not what this is about).
    const site = await new Promise<string | false | null>((resolve, reject) => {
      const socket = tlsConnect({
        host: ipOf('clean.lab.test'),
        port: 443,
        servername: 'clean.lab.test',
        ca: lab.certs.caPem,
        ALPNProtocols: ['h2', 'http/1.1'],
      });
      socket.on('secureConnect', () => {
        resolve(socket.alpnProtocol);
        socket.destroy();
      });
      socket.on('error', reject);
    });
    expect(site).not.toBe('h2');
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
    expect(lab.resolverRules.endsWith('MAP * ~NOTFOUND, EXCLUDE localhost')).toBe(true);
    expect(lab.resolverRules).toContain('MAP nxdomain.lab.test ~NOTFOUND');
    expect(lab.resolverRules).toContain('MAP gone.lab.test ~NOTFOUND');
    expect(lab.resolverRules).toContain(`MAP poisoned.lab.test ${ipOf('block.lab.test')}`);
    // Lab addresses typed as URLs (the no-SNI control) resolve to themselves in Chromium.
    expect(lab.resolverRules).toContain(`MAP ${ipOf('sni-ok.lab.test')} ${ipOf('sni-ok.lab.test')}`);
    const rules = lab.resolverRules.split(', ');
    expect(rules.at(-1)).toBe('EXCLUDE localhost');
    for (const rule of rules.slice(0, -1)) expect(rule).toMatch(/^MAP \S+ (~NOTFOUND|127\.\d+\.\d+\.\d+)$/);
    expect(lab.url('clean.lab.test')).toBe('https://clean.lab.test/');
    expect(lab.url('clean.lab.test', 'http', '/big')).toBe('http://clean.lab.test/big');
  });

  it('records what the API host received', async () => {
    const list = await getHttps(ipOf('api.lab.test'), 'api.lab.test', '/api/v1/test-list/urls?probe_cc=KZ');
    expect(JSON.parse(list.body).results.length).toBeGreaterThan(5);
    expect(lab.requests.at(-1)?.path).toBe('/api/v1/test-list/urls?probe_cc=KZ');
  });

  it('lands poisoned DNS on the block host: blockpage over HTTP, a certificate for another name over HTTPS', async () => {
    const page = await send('http', 'block.lab.test', '/', { headers: { host: 'poisoned.lab.test' } });
    expect(page.status).toBe(200);
    expect(page.body.toString('utf8')).toContain(LAB_BLOCKPAGE_MARKER);
    expect(page.body.toString('utf8')).toContain('<title>Доступ к ресурсу ограничен</title>');
    await expect(
      new Promise((resolve, reject) => {
        const socket = tlsConnect({
          host: ipOf('block.lab.test'),
          port: 443,
          servername: 'poisoned.lab.test',
          ca: lab.caPem,
        });
        socket.on('secureConnect', () => resolve(socket.destroy()));
        socket.on('error', reject);
      }),
    ).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    // What an uncensored resolver says: the real address serves the real site.
    const real = await send('https', 'poisoned.lab.test', '/');
    expect(real.status).toBe(200);
    expect(real.body.toString('utf8')).toMatch(/<title>poisoned\.lab\.test/);
    expect(real.body.toString('utf8')).not.toContain(LAB_BLOCKPAGE_MARKER);
  });

  it('answers DoH by POST, Google-style /resolve, AAAA and unknown names, with CORS', async () => {
    const post = await send('https', 'doh2.lab.test', '/dns-query', {
      method: 'POST',
      headers: { 'content-type': 'application/dns-message', accept: 'application/dns-message' },
      body: dnsQuery('egov.lab.test'),
    });
    expect(post.headers['access-control-allow-origin']).toBe('*');
    expect(post.headers['content-type']).toBe('application/dns-message');
    expect(dnsAnswer(post)).toMatchObject({
      id: 7,
      rcode: 'NOERROR',
      answers: [{ type: 'A', data: ipOf('egov.lab.test') }],
    });
    const aaaa = await send(
      'https',
      'doh1.lab.test',
      `/dns-query?dns=${dnsQuery('clean.lab.test', 'AAAA').toString('base64url')}`,
    );
    expect(dnsAnswer(aaaa).rcode).toBe('NOERROR');
    expect(dnsAnswer(aaaa).answers).toEqual([]);
    const unknown = await send(
      'https',
      'doh1.lab.test',
      `/dns-query?dns=${dnsQuery('elsewhere.example').toString('base64url')}`,
    );
    expect(dnsAnswer(unknown).rcode).toBe('NXDOMAIN');
    const google = await send('https', 'doh1.lab.test', '/resolve?name=kaspi.lab.test&type=A');
    expect(google.headers['access-control-allow-origin']).toBe('*');
    expect(JSON.parse(google.body.toString())).toMatchObject({
      Status: 0,
      Answer: [{ name: 'kaspi.lab.test', type: 1, data: ipOf('kaspi.lab.test') }],
    });
    expect(
      JSON.parse((await send('https', 'doh1.lab.test', '/resolve?name=gone.lab.test&type=A')).body.toString())
        .Status,
    ).toBe(3);
    const garbage = await send(
      'https',
      'garbage-doh.lab.test',
      `/dns-query?dns=${dnsQuery('clean.lab.test').toString('base64url')}`,
    );
    expect(garbage.status).toBe(200);
    expect(() => dnsAnswer(garbage)).toThrow();
  });

  it("serves the clean site's edge paths: titles, status codes, a redirect loop and a 50 MB body", async () => {
    const home = await send('http', 'clean.lab.test', '/');
    expect(home.body.toString('utf8')).toMatch(/<title>[^<]+<\/title>/);
    expect((await send('https', 'clean.lab.test', '/status/403')).status).toBe(403);
    expect((await send('http', 'clean.lab.test', '/status/503')).status).toBe(503);
    const loop = await send('https', 'clean.lab.test', '/redirect-loop');
    expect([loop.status, loop.headers.location]).toEqual([302, '/redirect-loop']);
    const big = await send('https', 'clean.lab.test', '/big', { headersOnly: true });
    expect(big.headers['content-length']).toBe(String(50 * 1024 * 1024));
    expect((await send('https', 'http503.lab.test', '/403')).status).toBe(403);
    const login = await send('http', 'captive.lab.test', '/login');
    expect(login.body.toString('utf8')).toContain('Sign in to Wi-Fi');
  });

  it('applies a per-host policy to new connections and resetPolicies() lifts it', async () => {
    lab.setPolicy('example.lab.test', 'blockpage');
    expect((await send('http', 'example.lab.test', '/')).body.toString('utf8')).toContain(
      LAB_BLOCKPAGE_MARKER,
    );
    expect((await tlsOutcome(ipOf('example.lab.test'), 'example.lab.test', lab.caPem)).outcome).toBe(
      'ECONNRESET',
    );
    lab.setPolicy('example.lab.test', 'tls-reset');
    expect((await send('http', 'example.lab.test', '/')).body.toString('utf8')).not.toContain(
      LAB_BLOCKPAGE_MARKER,
    );
    expect((await tlsOutcome(ipOf('example.lab.test'), 'example.lab.test', lab.caPem)).outcome).toBe(
      'ECONNRESET',
    );
    lab.setPolicy('example.lab.test', 'reset');
    expect(await tcpOutcome(ipOf('example.lab.test'), 80)).toBe('ECONNRESET');
    lab.setPolicy('example.lab.test', 'blackhole');
    expect(await tcpOutcome(ipOf('example.lab.test'), 443)).toBe('silent');
    lab.resetPolicies();
    expect((await tlsOutcome(ipOf('example.lab.test'), 'example.lab.test', lab.caPem)).outcome).toBe(
      'trusted',
    );
    expect(await tcpOutcome(ipOf('reset.lab.test'), 443)).toBe('ECONNRESET');
    lab.sniBlocklist.add('sni-ok.lab.test');
    expect((await tlsOutcome(ipOf('sni-ok.lab.test'), 'sni-ok.lab.test', lab.caPem)).outcome).toBe(
      'ECONNRESET',
    );
    lab.sniBlocklist.delete('sni-ok.lab.test');
    expect((await tlsOutcome(ipOf('sni-ok.lab.test'), 'sni-ok.lab.test', lab.caPem)).outcome).toBe('trusted');
  });

  it('throttles every content host in the throttled scenario, and keeps the captive redirect in the captive one', async () => {
    lab.play('throttled');
    const start = Date.now();
    const page = await send('http', 'wikipedia.lab.test', '/');
    expect(page.body.length).toBe(8 * 1024);
    expect(Date.now() - start).toBeGreaterThanOrEqual(7 * 50);
    lab.play('captive');
    const check = await send('http', 'captive.lab.test', '/generate_204');
    expect([check.status, check.headers.location]).toEqual([302, 'http://captive.lab.test/login']);
    lab.play('normal');
    expect((await send('http', 'captive.lab.test', '/generate_204')).status).toBe(204);
  });

  // Issue #13 (verdicts): the censor set-ups added for blockpages by meaning, DNS lies and portals.
  it('serves 451 as RFC 7725 shows it, redirects carrying our URL, and the notices from the fixtures', async () => {
    const legal = await send('https', 'legal451.lab.test', '/');
    expect([legal.status, legal.headers.link]).toEqual([
      451,
      '<https://spqr.example.org/legislatione>; rel="blocked-by"',
    ]);
    const away = await send('http', 'redirect-url.lab.test', '/news?id=7');
    expect([away.status, away.headers.location]).toEqual([
      302,
      `http://warning.isp-kz.test/?url=${encodeURIComponent('http://redirect-url.lab.test/news?id=7')}`,
    ]);
    expect((await send('http', 'kz-notice.lab.test', '/')).body.toString('utf8')).toContain('қолжетімділік');
    expect((await send('https', 'bigsite.lab.test', '/')).body.length).toBeGreaterThan(250 * 1024);
    lab.setPolicy('bigsite.lab.test', 'notice');
    expect((await send('https', 'bigsite.lab.test', '/')).body.length).toBeLessThan(1024);
    lab.resetPolicies();
  });

  it('keeps sinkholed names out of the uncensored resolver while their addresses still answer', async () => {
    const json = await getHttps(
      ipOf('doh1.lab.test'),
      'doh1.lab.test',
      '/dns-query?name=sinkhole.lab.test&type=A',
    );
    expect(JSON.parse(json.body)).toMatchObject({ Status: 3 });
    expect(await tcpOutcome(ipOf('sinkhole.lab.test'), 443)).toBe('ECONNREFUSED');
    expect(await tcpOutcome(ipOf('sinkhole-reset.lab.test'), 80)).toBe('ECONNRESET');
    expect(lab.resolverRules).toContain(`MAP sinkhole.lab.test ${ipOf('sinkhole.lab.test')}`);
    expect(lab.resolverRules).toContain('MAP hidden.lab.test ~NOTFOUND');
  });

  it('answers every scenario site with the portal in the captive scenario: a 302 on HTTP, its own certificate on HTTPS', async () => {
    lab.play('captive');
    try {
      const page = await send('http', 'telegram.lab.test', '/');
      expect([page.status, page.headers.location]).toEqual([302, 'http://captive.lab.test/login']);
      const tls = await tlsOutcome(ipOf('telegram.lab.test'), 'telegram.lab.test', lab.caPem);
      // Signed by the lab CA, but for another name: the portal's certificate, not telegram's.
      expect(tls.outcome).toBe('untrusted:ERR_TLS_CERT_ALTNAME_INVALID');
      expect((await tlsOutcome(ipOf('wrong-cert.lab.test'), 'wrong-cert.lab.test', lab.caPem)).outcome).toBe(
        'untrusted:ERR_TLS_CERT_ALTNAME_INVALID',
      );
    } finally {
      lab.play('normal');
    }
  });

  // Last: it stops the shared lab (afterAll's second stop() is a no-op).
  it('stop() closes every listener and every held blackhole socket', async () => {
    const held = tcpConnect({ host: ipOf('blackhole.lab.test'), port: 443 });
    await new Promise((resolve) => held.once('connect', resolve));
    const closed = new Promise((resolve) => held.once('close', resolve));
    held.on('error', () => undefined);
    await lab.stop();
    await closed;
    expect(await tcpOutcome(ipOf('clean.lab.test'), 443)).toBe('ECONNREFUSED');
    expect(await tcpOutcome(ipOf('blackhole.lab.test'), 80)).toBe('ECONNREFUSED');
  });
});
