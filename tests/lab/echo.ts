import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * echo.lab.test: a site that shows visitors their own address, as "what is my IP" pages and
 * captive-portal splash redirects do (Meraki's splash URL carries `client_ip=` and `client_mac=`;
 * UniFi's `?id=<mac>`; ifconfig.me prints it). The address is the one this connection really
 * came from (req.socket.remoteAddress; plain HTTP, so the socket is the browser's own), put in a
 * redirect's query, the title, the body and a response header. Contribution tests prove that none
 * of it reaches the collector.
 */
export function handleEcho(req: IncomingMessage, res: ServerResponse): void {
  const address = req.socket.remoteAddress ?? 'unknown';
  const url = new URL(req.url ?? '/', 'http://echo.lab.test');
  if (url.pathname === '/') {
    const next = `/you?ip=${encodeURIComponent(address)}&mac=aa:bb:cc:dd:ee:ff&session=echo-session-token`;
    return void res.writeHead(302, { location: next, 'x-your-ip': address }).end();
  }
  res
    .writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'x-your-ip': address,
      'set-cookie': `seen=${encodeURIComponent(address)}; Path=/`,
    })
    .end(
      `<!doctype html><title>Your IP is ${address}</title>` +
        `<p>Your address is <b>${address}</b>; your device aa:bb:cc:dd:ee:ff is signed in.</p>`,
    );
}
