import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLabCollector, handleCollector, LAB_PROBE_IP } from './collector';

// The lab collector alone, on an ephemeral loopback port (not the lab's fixed ones).
const collector = createLabCollector();
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (!handleCollector(collector, req, res, path, Buffer.concat(chunks).toString('utf8')))
      res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => collector.reset());

const post = (path: string, body?: unknown) =>
  fetch(base + path, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
const header = {
  data_format_version: '0.2.0',
  format: 'json',
  probe_cc: 'KZ',
  probe_asn: 'AS9198',
  software_name: 'vantage',
  software_version: '0.1.0',
  test_name: 'browser_web',
  test_version: '0.1.0',
};
const content = (reportId: string) => ({
  data_format_version: '0.2.0',
  input: 'https://a.example/',
  measurement_start_time: '2022-01-05 10:00:00',
  probe_asn: 'AS9198',
  probe_cc: 'KZ',
  probe_ip: '127.0.0.1',
  report_id: reportId,
  software_name: 'vantage',
  software_version: '0.1.0',
  test_keys: {},
  test_name: 'browser_web',
  test_runtime: 0.1,
  test_start_time: '2022-01-05 10:00:00',
  test_version: '0.1.0',
});

describe('lab OONI collector', () => {
  it("check-in answers the lab location and, like OONI's, no address of the probe", async () => {
    const answer = (await (await post('/api/v1/check-in', {})).json()) as Record<string, unknown>;
    expect(Object.keys(answer).sort()).toEqual(
      ['conf', 'probe_asn', 'probe_cc', 'probe_network_name', 'tests', 'utc_time', 'v'].sort(),
    );
    expect(answer).toMatchObject({ probe_cc: 'KZ', probe_asn: 'AS9198' });
    expect(JSON.stringify(answer)).not.toContain(LAB_PROBE_IP);
  });

  it('opens, updates and closes a report, and records what it accepted', async () => {
    const opened = (await (await post('/report', header)).json()) as { report_id: string };
    expect(opened.report_id).toMatch(/_AS9198_[0-9a-f]{64}$/);
    const update = await post(`/report/${opened.report_id}`, {
      format: 'json',
      content: content(opened.report_id),
    });
    expect(update.status).toBe(200);
    expect((await post(`/report/${opened.report_id}/close`)).status).toBe(200);
    expect(collector.received).toHaveLength(1);
    expect(collector.reports.get(opened.report_id)?.closed).toBe(true);
    // Closed: no more measurements.
    expect(
      (await post(`/report/${opened.report_id}`, { format: 'json', content: content(opened.report_id) }))
        .status,
    ).toBe(400);
  });

  it('refuses malformed opens and measurements with 400 and a reason', async () => {
    expect((await post('/report', { ...header, probe_cc: 'kz' })).status).toBe(400);
    const { report_id: id } = (await (await post('/report', header)).json()) as { report_id: string };
    const wrongId = await post(`/report/${id}`, { format: 'json', content: content('another') });
    expect(await wrongId.json()).toEqual({ error: 'report_id does not match the URL' });
    const { probe_ip: _dropped, ...withoutIp } = content(id);
    expect(await (await post(`/report/${id}`, { format: 'json', content: withoutIp })).json()).toEqual({
      error: 'missing probe_ip',
    });
    collector.reject = (c) => (c.input === 'https://a.example/' ? 'malformed test_keys' : undefined);
    const refused = await post(`/report/${id}`, { format: 'json', content: content(id) });
    expect(refused.status).toBe(400);
    expect(collector.received).toHaveLength(0);
  });

  it('can be switched down: 503, or connections cut', async () => {
    collector.mode = '503';
    expect((await post('/report', header)).status).toBe(503);
    collector.mode = 'reset';
    await expect(post('/report', header)).rejects.toThrow();
  });
});
