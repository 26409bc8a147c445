import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createSecureServer as createHttp2Server, type Http2SecureServer } from 'node:http2';
import {
  connect as connectTcp,
  createServer as createTcpServer,
  type AddressInfo,
  type Server as TcpServer,
  type Socket,
} from 'node:net';
import { ensureLabCerts, type LabCerts } from './certs';
import { sniOf } from './client-hello';
import { answerDoh, answerGarbage } from './doh';
import { LAB_HOSTS, resolverRules, trueAddresses, type LabHost } from './hosts';
import { CAPTIVE_LOGIN_HTML, blockpageHtml, labPage, sitePage } from './pages';
import { policiesFor, type Policy, type Scenario } from './policy';
import { handleApi, type RecordedRequest } from './api';
import { handleEcho } from './echo';
import { createLabDataBundle, handleDataBundle, type LabDataBundle } from './data-bundle';
import { createLabCollector, LAB_PROBE_IP, type LabCollector } from './collector';
import { prepareFirefoxProfileCerts, prepareNssHome } from './nss';
import { createLibrarySites, handleLibrary, type LibrarySites } from './library-sites';

export { labIp, hostByName, benchHosts } from './hosts';
export type { LabHost } from './hosts';
export type { Policy, Scenario } from './policy';
export { LAB_BLOCKPAGE_MARKER } from './pages';
export type { RecordedRequest } from './api';
export { type LabCollector } from './collector';
export { LAB_MIRRORS_PATH } from './api';
export { type LabDataBundle } from './data-bundle';
export { createLibrarySites, LAB_PHOTO_TITLE, LAB_TRACKER_HOST, type LibrarySites } from './library-sites';

export interface LabOptions {
  /** Extra hosts (e.g. the benchmark's sixty). */
  extraHosts?: LabHost[];
  /** Bytes a throttled body totals, sent 1 KiB per `throttleIntervalMs`. */
  throttleBytes?: number;
  throttleIntervalMs?: number;
  /** SNIs the sni-filter host resets (default: sni-blocked.lab.test); also `lab.sniBlocklist`. */
  sniBlocklist?: string[];
  /** The offline library's feeds and pages (tests/lab/library-sites.ts); pass one to keep it across restarts. */
  library?: LibrarySites;
}

export interface Lab {
  hosts: readonly LabHost[];
  resolverRules: string;
  certs: LabCerts;
  /** The lab root ("Vantage Lab CA"), PEM, for Node clients' `ca` option. */
  caPem: string;
  caPath: string;
  url(name: string, scheme?: 'http' | 'https', path?: string): string;
  setPolicy(name: string, policy: Policy): void;
  resetPolicies(): void;
  play(scenario: Scenario): void;
  setCaptive(on: boolean): void;
  /** SNIs the sni-filter host resets. */
  sniBlocklist: Set<string>;
  /** Every request the API/collector host received, for tests that grep what arrived. */
  requests: RecordedRequest[];
  /**
   * Every connection any lab address accepted (the guard in front of all hosts), whatever became
   * of it: a test proving that nothing was contacted reads this.
   */
  connections: { address: string; port: number; at: number }[];
  /** OONI check-in + collector on api.lab.test: switch it down, make it refuse, read what arrived. */
  collector: LabCollector;
  /** Replace how the API host answers a path (collector down, 4xx, …). */
  apiOverrides: Map<string, (req: IncomingMessage, res: ServerResponse, body: string) => void>;
  /** The library sites' state: which articles the feed lists, what was requested. */
  library: LibrarySites;
  /** The signed data bundles the bundle-*.lab.test endpoints store, and the key that signed them. */
  dataBundle: LabDataBundle;
  prepareNssHome(home: string): void;
  prepareFirefoxProfileCerts(profileDir: string): void;
  stop(): Promise<void>;
}

/** Start every lab server. One call starts them all; `stop()` stops them all. */
export async function startLab(options: LabOptions = {}): Promise<Lab> {
  const hosts = [...LAB_HOSTS, ...(options.extraHosts ?? [])];
  const validNames = hosts
    .filter((h) => h.role !== 'intercept' && h.role !== 'blockpage-server')
    .map((h) => h.name);
  const certs = ensureLabCerts(validNames);
  const table = trueAddresses(hosts);
  const policies = new Map<string, Policy>();
  const sniBlocklist = new Set(options.sniBlocklist ?? ['sni-blocked.lab.test']);
  const requests: RecordedRequest[] = [];
  const connections: Lab['connections'] = [];
  const apiOverrides: Lab['apiOverrides'] = new Map();
  const collector = createLabCollector();
  const throttleBytes = options.throttleBytes ?? 256 * 1024;
  const throttleIntervalMs = options.throttleIntervalMs ?? 250;
  const library = options.library ?? createLibrarySites();
  const dataBundle = createLabDataBundle(hosts);
  let captive = false;
  const held = new Set<Socket>();
  const open = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const hostsAt = new Map<string, LabHost[]>();
  for (const host of hosts) hostsAt.set(host.ip, [...(hostsAt.get(host.ip) ?? []), host]);
  const primaryAt = (ip: string | undefined) => hostsAt.get((ip ?? '').replace(/^::ffff:/, ''))?.[0];
  // TLS connections reach the HTTPS apps through a loopback hop (below); this maps the hop's
  // client port back to the lab host the browser actually dialled.
  const hostByHopPort = new Map<number, LabHost>();
  const hostOf = (socket: Socket) =>
    socket.localAddress === '127.0.0.1' && socket.remotePort
      ? hostByHopPort.get(socket.remotePort)
      : primaryAt(socket.localAddress);
  const policyOf = (host: LabHost | undefined): Policy =>
    host ? (policies.get(host.name) ?? 'pass') : 'pass';

  function trickle(res: ServerResponse, body: string) {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': String(throttleBytes),
    });
    const payload = Buffer.alloc(throttleBytes, ' ');
    Buffer.from(body).copy(payload);
    let sent = 0;
    const timer = setInterval(() => {
      if (res.destroyed || sent >= throttleBytes) {
        clearInterval(timer);
        timers.delete(timer);
        if (!res.destroyed) res.end();
        return;
      }
      res.write(payload.subarray(sent, sent + 1024));
      sent += 1024;
    }, throttleIntervalMs);
    timers.add(timer);
  }

  function handle(req: IncomingMessage, res: ServerResponse) {
    const host = hostOf(req.socket);
    const name = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const html = { 'content-type': 'text/html; charset=utf-8' };
    if (!host) return void res.writeHead(421).end();
    const policy = policyOf(host);
    if (policy === 'blockpage' || host.role === 'blockpage-server' || host.role === 'blockpage200') {
      return void res.writeHead(200, html).end(blockpageHtml());
    }
    if (policy === 'throttle' || host.role === 'throttled') return trickle(res, sitePage(name));
    // Issue #13 (verdicts).
    if (policy === 'portal') {
      // A captive portal answers every plain-HTTP request with a redirect to its login page.
      return void res.writeHead(302, { location: 'http://captive.lab.test/login' }).end();
    }
    if (policy === 'notice') {
      const notice = labPage('small-notice', name);
      return void res.writeHead(notice.status, html).end(notice.body);
    }
    if (host.redirectTo) {
      const to = host.redirectTo.replace('{url}', encodeURIComponent(`http://${name}${req.url}`));
      return void res.writeHead(302, { location: to }).end();
    }
    if (host.page) {
      const answer = labPage(host.page, name);
      return void res.writeHead(answer.status, { ...html, ...answer.headers }).end(answer.body);
    }
    switch (host.role) {
      case 'redirect-block':
        return void res
          .writeHead(302, {
            location: `http://block.lab.test/?u=${encodeURIComponent(`http://${name}${req.url}`)}`,
          })
          .end();
      case 'http503':
        return void res
          .writeHead(path === '/403' ? 403 : 503, html)
          .end('<title>Service Unavailable</title>Maintenance');
      case 'captive':
        if (path === '/generate_204') {
          return void (captive
            ? res.writeHead(302, { location: 'http://captive.lab.test/login' }).end()
            : res.writeHead(204).end());
        }
        return void res.writeHead(200, html).end(CAPTIVE_LOGIN_HTML);
      case 'doh':
        return void answerDoh(req, res, table);
      case 'garbage-doh':
        return answerGarbage(req, res);
      case 'api':
        return void handleApi(req, res, { requests, overrides: apiOverrides, hosts, collector });
      case 'echo':
        return handleEcho(req, res);
      case 'data-bundle':
        return handleDataBundle(dataBundle, host.bundle ?? 'missing', req, res);
      default:
        break;
    }
    if (path === '/big') {
      // 50 MB, streamed: the probe must stop reading at its cap.
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-length': String(50 * 1024 * 1024),
      });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let left = 50 * 1024 * 1024;
      const pump = () => {
        while (left > 0) {
          left -= chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => (left = 0));
      return pump();
    }
    // A page that shows the visitor's address, as some blockpages do (the check-in's fake one).
    if (path === '/whoami')
      return void res
        .writeHead(200, html)
        .end(`<title>Your address is ${LAB_PROBE_IP}</title>${LAB_PROBE_IP}`);
    if (host.group === 'news' && handleLibrary(library, name, req, res)) return;
    if (path === '/redirect-loop') return void res.writeHead(302, { location: `/redirect-loop` }).end();
    if (path.startsWith('/status/'))
      return void res.writeHead(Number(path.slice(8)) || 500, html).end('status');
    res.writeHead(200, html).end(sitePage(name));
  }

  const httpApp: HttpServer = createHttpServer(handle);
  const tlsApp: HttpsServer = createHttpsServer({ key: certs.leaf.key, cert: certs.leaf.cert }, handle);
  const interceptApp: HttpsServer = createHttpsServer(
    { key: certs.intercept.key, cert: certs.intercept.cert },
    handle,
  );
  const blockApp: HttpsServer = createHttpsServer({ key: certs.block.key, cert: certs.block.cert }, handle);
  // Public DoH services speak HTTP/2 (RFC 8484 §5.2: "HTTP/2 is the minimum RECOMMENDED version
  // of HTTP for use with DoH"; Cloudflare, Google and Quad9 offer h2 by ALPN), so a browser sends
  // every query over one multiplexed connection. Served over HTTP/1.1 only, the lab's resolvers
  // would queue a run's queries behind Chrome's 6 connections per host, which no real resolver
  // does. HTTP/1.1 stays for clients that do not offer h2.
  const dohApp: Http2SecureServer = createHttp2Server(
    { key: certs.leaf.key, cert: certs.leaf.cert, allowHTTP1: true },
    handle as unknown as Parameters<typeof createHttp2Server>[1],
  );

  function hold(socket: Socket) {
    held.add(socket);
    socket.on('close', () => held.delete(socket));
    socket.on('error', () => undefined);
  }

  /** The censor's middlebox in front of every host: decides per connection, by address and SNI. */
  function front(port: 80 | 443) {
    return (socket: Socket) => {
      socket.on('error', () => undefined);
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      connections.push({
        address: (socket.localAddress ?? '').replace(/^::ffff:/, ''),
        port,
        at: Date.now(),
      });
      const host = primaryAt(socket.localAddress);
      const policy = policyOf(host);
      if (!host) return socket.destroy();
      if (host.role === 'reset' || policy === 'reset') return void socket.resetAndDestroy();
      if (host.role === 'blackhole' || policy === 'blackhole') return hold(socket);
      if (port === 80) return void httpApp.emit('connection', socket);
      // A middlebox judges the whole ClientHello record; a large one (post-quantum key shares)
      // can arrive in more than one read.
      let pending = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        const recordEnd = pending.length >= 5 ? 5 + pending.readUInt16BE(3) : Infinity;
        if (pending[0] === 0x16 && pending.length < recordEnd && pending.length < 64 * 1024) return;
        socket.off('data', onData);
        onHello(pending);
      };
      const onHello = (hello: Buffer) => {
        socket.pause();
        const sni = sniOf(hello);
        const sniFiltered = host.role === 'sni-filter' && sni !== undefined && sniBlocklist.has(sni);
        // Like a DPI box, 'tls-reset' reads the name: a ClientHello without this host's name
        // (the probe's no-SNI control) passes, which is how the product tells SNI filtering
        // from an IP block.
        const namesThisHost = sni !== undefined && (hostsAt.get(host.ip) ?? []).some((h) => h.name === sni);
        if (host.silentWithoutName) {
          if (sni === undefined) return hold(socket);
          if (namesThisHost) return void socket.resetAndDestroy();
        }
        if (sniFiltered || (policy === 'tls-reset' && namesThisHost) || policy === 'blockpage')
          return void socket.resetAndDestroy();
        // Node's TLS reads from the socket's native handle, so bytes already read cannot be
        // handed back: relay the connection (ClientHello first) to the HTTPS app instead.
        // A certificate for another name: the block server's (wrongCertificate), or a captive
        // portal's own answering for every site.
        const otherName = host.wrongCertificate || policy === 'portal';
        const app =
          host.role === 'intercept'
            ? interceptApp
            : host.role === 'blockpage-server' || otherName
              ? blockApp
              : host.role === 'doh' || host.role === 'garbage-doh'
                ? dohApp
                : tlsApp;
        const upstream = connectTcp({ host: '127.0.0.1', port: (app.address() as AddressInfo).port });
        open.add(upstream);
        upstream.on('error', () => socket.destroy());
        upstream.on('close', () => open.delete(upstream));
        upstream.on('connect', () => {
          hostByHopPort.set(upstream.localPort!, host);
          upstream.write(hello);
          socket.pipe(upstream).pipe(socket);
          socket.resume();
        });
        socket.on('close', () => {
          hostByHopPort.delete(upstream.localPort ?? -1);
          upstream.destroy();
        });
      };
      socket.on('data', onData);
    };
  }

  await Promise.all(
    [tlsApp, interceptApp, blockApp, dohApp].map(
      (app) => new Promise<void>((resolve) => app.listen({ host: '127.0.0.1', port: 0 }, () => resolve())),
    ),
  );
  const listeners: TcpServer[] = [];
  const ips = [...hostsAt.keys()].filter((ip) => primaryAt(ip)?.role !== 'refused');
  await Promise.all(
    ips.flatMap((ip) =>
      ([80, 443] as const).map(
        (port) =>
          new Promise<void>((resolve, reject) => {
            const server = createTcpServer({ pauseOnConnect: false }, front(port));
            server.once('error', reject);
            server.listen({ host: ip, port }, () => resolve());
            listeners.push(server);
          }),
      ),
    ),
  );

  const lab: Lab = {
    hosts,
    resolverRules: resolverRules(hosts),
    certs,
    caPem: certs.caPem,
    caPath: certs.caPath,
    url: (name, scheme = 'https', path = '/') => `${scheme}://${name}${path}`,
    setPolicy: (name, policy) => void policies.set(name, policy),
    resetPolicies: () => policies.clear(),
    play(scenario) {
      policies.clear();
      for (const [name, policy] of policiesFor(scenario, hosts)) policies.set(name, policy);
      captive = scenario === 'captive';
    },
    setCaptive: (on) => void (captive = on),
    sniBlocklist,
    requests,
    connections,
    apiOverrides,
    collector,
    library,
    dataBundle,
    prepareNssHome: (home) => prepareNssHome(home, certs.caPath),
    prepareFirefoxProfileCerts: (dir) => prepareFirefoxProfileCerts(dir, certs.caPath),
    async stop() {
      for (const timer of timers) clearInterval(timer);
      for (const socket of [...held, ...open]) socket.destroy();
      await Promise.all(
        [...listeners, tlsApp, interceptApp, blockApp, dohApp].map(
          (server) => new Promise<void>((resolve) => server.close(() => resolve())),
        ),
      );
    },
  };
  return lab;
}
