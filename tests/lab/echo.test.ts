import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleEcho } from './echo';

// The echo site alone, on an ephemeral loopback port.
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer(handleEcho);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('lab echo site', () => {
  it("puts the visitor's real address in a redirect query, the title, the body and headers", async () => {
    const first = await fetch(`${base}/`, { redirect: 'manual' });
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toMatch(/^\/you\?ip=127\.0\.0\.1&mac=aa:bb/);
    const page = await fetch(`${base}${first.headers.get('location')}`);
    expect(page.headers.get('x-your-ip')).toBe('127.0.0.1');
    expect(page.headers.get('set-cookie')).toContain('127.0.0.1');
    expect(await page.text()).toContain('<title>Your IP is 127.0.0.1</title>');
  });
});
