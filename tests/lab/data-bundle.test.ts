import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../lib/data-bundle';
import { createLabDataBundle, handleDataBundle, LAB_BUNDLE_PATH, type BundleVariant } from './data-bundle';
import { LAB_HOSTS } from './hosts';

// Each variant alone on an ephemeral loopback port, answering as static hosting does.
const bundle = createLabDataBundle(LAB_HOSTS);
const servers: Server[] = [];
const base: Partial<Record<BundleVariant, string>> = {};
beforeAll(async () => {
  for (const variant of ['good', 'tampered', 'old', 'missing'] as const) {
    const server = createServer((req, res) => handleDataBundle(bundle, variant, req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    base[variant] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
});
afterAll(() => Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())))));

const get = async (variant: BundleVariant, path = LAB_BUNDLE_PATH) => {
  const response = await fetch(`${base[variant]}${path}`);
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    bytes: new Uint8Array(await response.arrayBuffer()),
  };
};

describe('lab data-bundle endpoints', () => {
  it('serve each file as static hosting does: 200 + bytes at the path, 404 elsewhere and where unpublished', async () => {
    expect((await get('good')).status).toBe(200);
    expect((await get('good')).type).toContain('application/json');
    expect((await get('good', '/other.json')).status).toBe(404);
    expect((await get('missing')).status).toBe(404);
  });

  it('store a good bundle, a forgery and a replayed old one that the extension tells apart', async () => {
    const keys = [bundle.publicKey];
    expect(await verifyBundle((await get('good')).bytes, keys, 0)).toMatchObject({
      ok: true,
      version: bundle.goodVersion,
    });
    expect(await verifyBundle((await get('tampered')).bytes, keys, 0)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
    // The old one is genuine: only the version installed makes it a replay.
    expect(await verifyBundle((await get('old')).bytes, keys, 0)).toMatchObject({
      ok: true,
      version: bundle.oldVersion,
    });
    expect(await verifyBundle((await get('old')).bytes, keys, bundle.goodVersion)).toMatchObject({
      ok: false,
      reason: 'older',
    });
  });
});
