import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type OutboxRecord } from '../../../lib/db';
import {
  addToOutbox,
  dueRecords,
  makeDueNow,
  nextDueAt,
  outboxCounts,
  removeFromOutbox,
} from '../../../lib/contribute/outbox';
import { prepareForOutbox } from '../../../lib/contribute/prepare';
import { flushOutbox, LOCATE_WINDOW_MS, type FlushDeps } from '../../../lib/contribute/submit';
import { checkIn } from '../../../lib/contribute/checkin';
import { toJsonLines } from '../../../lib/contribute/ooni-format';
import { fakeOoni, FAKE_IP, measurement } from './fixtures';

const NOW = Date.UTC(2022, 0, 5, 12);
const KZ = { probeCc: 'KZ', probeAsn: 'AS9198', networkName: 'JSC Kazakhtelecom' };
let db: Database;
let n = 0;
let id = 0;

beforeEach(async () => {
  db = await openDatabase(`contribute-test-${++n}`);
});

function prepare(urls: string[], extra: Partial<Parameters<typeof prepareForOutbox>[1]> = {}) {
  return prepareForOutbox(
    urls.map((url) => measurement(url)),
    {
      includeUserTargets: false,
      location: KZ,
      ips: [FAKE_IP],
      softwareVersion: '0.1.0',
      now: NOW,
      newId: () => `o${++id}`,
      ...extra,
    },
  ).records;
}

function deps(ooni: ReturnType<typeof fakeOoni>, now = NOW): FlushDeps {
  return {
    db,
    fetch: ooni.fetch,
    collectorBase: 'https://collector.example',
    softwareVersion: '0.1.0',
    now: () => now,
    checkIn: () =>
      checkIn({
        apiBase: 'https://api.example',
        softwareVersion: '0.1.0',
        runType: 'timed',
        fetch: ooni.fetch,
      }),
  };
}

describe('preparing measurements for the outbox', () => {
  it("uses OONI's format with the check-in's location, and only the allow-listed fields", () => {
    const m = measurement('https://a.example/', { title: `Blocked for ${FAKE_IP}` });
    const [record] = prepareForOutbox([m], {
      includeUserTargets: false,
      location: KZ,
      ips: [],
      softwareVersion: '0.1.0',
      now: NOW,
      newId: () => 'x',
    }).records;
    expect(record!.measurement).toMatchObject({
      data_format_version: '0.2.0',
      probe_cc: 'KZ',
      probe_asn: 'AS9198',
      probe_ip: '127.0.0.1',
      software_name: 'vantage',
      software_version: '0.1.0',
      test_name: 'browser_web',
      input: 'https://a.example/',
      measurement_start_time: '2022-01-05 10:00:01',
    });
    expect(record!.measurement.test_keys).toMatchObject({
      result: 'ok',
      load_time_ms: 120,
      browser: 'chromium',
    });
    // The title and header values carried the address; neither is on the allow-list.
    expect(JSON.stringify(record)).not.toContain(FAKE_IP);
    expect(JSON.stringify(record)).not.toContain('Blocked for');
    // toJsonLines keeps everything; the user's file does not (tests/unit/history/export.test.ts).
    expect(toJsonLines([m], { softwareVersion: '0.1.0' })).toContain(`Blocked for ${FAKE_IP}`);
  });

  it("leaves out the user's own sites unless the user allowed them", () => {
    const ms = [
      measurement('https://pack.example/'),
      measurement('https://mine.example/', { source: 'user' }),
      measurement('https://csv.example/', { source: 'import' }),
      measurement('https://ooni.example/', { source: 'ooni' }),
    ];
    const base = {
      location: KZ,
      ips: [],
      softwareVersion: '0.1.0',
      now: NOW,
      newId: () => crypto.randomUUID(),
    };
    const without = prepareForOutbox(ms, { ...base, includeUserTargets: false });
    expect(without.records.map((r) => r.measurement.input)).toEqual([
      'https://pack.example/',
      'https://ooni.example/',
    ]);
    expect(without.withheld).toBe(2);
    expect(prepareForOutbox(ms, { ...base, includeUserTargets: true }).records).toHaveLength(4);
  });

  it('keeps a measurement without a known location as ZZ/AS0, remembering the last known network', () => {
    const [record] = prepare(['https://a.example/'], { location: undefined, locationHint: KZ });
    expect(record!.measurement).toMatchObject({ probe_cc: 'ZZ', probe_asn: 'AS0' });
    expect(record!.locationHint).toEqual(KZ);
  });
});

describe('outbox cap', () => {
  const record = (id: string, createdAt: number, status: OutboxRecord['status']): OutboxRecord => ({
    ...prepare(['https://a.example/'])[0]!,
    id,
    createdAt,
    status,
    nextAttemptAt: createdAt,
  });

  it('prunes the oldest sent records first, then the oldest unsent ones, and says how many', async () => {
    await addToOutbox(
      db,
      [
        record('sent-old', 1, 'sent'),
        record('p-old', 2, 'pending'),
        record('f-old', 3, 'failed'),
        record('sent-new', 4, 'sent'),
      ],
      10,
    );
    const first = await addToOutbox(db, [record('p-new', 5, 'pending')], 4);
    expect(first).toEqual({ droppedSent: 1, droppedUnsent: 0 });
    const second = await addToOutbox(
      db,
      [record('p-newer', 6, 'pending'), record('p-newest', 7, 'pending')],
      4,
    );
    expect(second).toEqual({ droppedSent: 1, droppedUnsent: 1 });
    expect((await db.getAllKeys('outbox')).sort()).toEqual(['f-old', 'p-new', 'p-newer', 'p-newest']);
  });

  it('counts, finds what is due, makes records due now, removes them', async () => {
    await addToOutbox(db, [
      record('a', 1, 'pending'),
      record('b', 2, 'failed'),
      { ...record('c', 3, 'pending'), nextAttemptAt: NOW + 60_000 },
    ]);
    expect(await outboxCounts(db)).toEqual({ pending: 2, sent: 0, failed: 1 });
    expect((await dueRecords(db, NOW)).map((r) => r.id)).toEqual(['a']);
    expect(await nextDueAt(db)).toBe(1);
    expect(await makeDueNow(db, NOW, ['b', 'c'])).toBe(2);
    expect((await dueRecords(db, NOW)).map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(await removeFromOutbox(db, ['a', 'nope'])).toBe(1);
    expect(await outboxCounts(db)).toEqual({ pending: 2, sent: 0, failed: 0 });
  });
});

describe('sending the outbox (OONI collector protocol)', () => {
  it('opens one report per run, submits each measurement with its report id, closes it', async () => {
    const ooni = fakeOoni();
    const secondRun = prepare(['https://c.example/']).map((r) => ({ ...r, runId: 'run-2' }));
    await addToOutbox(db, [...prepare(['https://a.example/', 'https://b.example/']), ...secondRun]);
    const summary = await flushOutbox(deps(ooni));
    expect(summary).toEqual({ sent: 3, failed: 0, retrying: 0 });
    const paths = ooni.requests.map((r) => r.path);
    expect(paths[0]).toBe('/api/v1/check-in');
    expect(paths.filter((p) => p === '/report')).toHaveLength(2);
    expect(paths.filter((p) => p.endsWith('/close')).sort()).toEqual([
      '/report/report-1/close',
      '/report/report-2/close',
    ]);
    const open = JSON.parse(ooni.requests.find((r) => r.path === '/report')!.body) as Record<string, unknown>;
    expect(open).toEqual({
      data_format_version: '0.2.0',
      format: 'json',
      probe_asn: 'AS9198',
      probe_cc: 'KZ',
      software_name: 'vantage',
      software_version: '0.1.0',
      test_name: 'browser_web',
      test_start_time: '2022-01-05 10:00:01',
      test_version: '0.1.0',
    });
    const update = JSON.parse(ooni.requests.find((r) => r.path === '/report/report-1')!.body) as {
      format: string;
      content: Record<string, unknown>;
    };
    expect(update.format).toBe('json');
    expect(update.content.report_id).toBe('report-1');
    const reportOf = (input: string) => ooni.received.find((m) => m.input === input)?.report_id;
    expect(reportOf('https://a.example/')).toBe(reportOf('https://b.example/'));
    expect(reportOf('https://c.example/')).not.toBe(reportOf('https://a.example/'));
    expect(ooni.received).toHaveLength(3);
    expect(await outboxCounts(db)).toEqual({ pending: 0, sent: 3, failed: 0 });
    // What the outbox keeps as sent is exactly what the collector received.
    const byInput = (a: { input?: unknown }, b: { input?: unknown }) =>
      String(a.input).localeCompare(String(b.input));
    const sent = (await db.getAll('outbox')).map((r) => r.measurement);
    expect(sent.sort(byInput)).toEqual([...ooni.received].sort(byInput));
  });

  it('a collector that is down loses nothing: everything waits for the backoff, then goes', async () => {
    const ooni = fakeOoni();
    ooni.state.mode = 'network-down';
    await addToOutbox(db, prepare(['https://a.example/', 'https://b.example/']));
    const down = await flushOutbox(deps(ooni));
    expect(down).toMatchObject({
      sent: 0,
      failed: 0,
      retrying: 2,
      stoppedBy: expect.stringMatching(/^network/),
    });
    const waiting = await db.getAll('outbox');
    expect(
      waiting.every((r) => r.status === 'pending' && r.attempts === 1 && r.nextAttemptAt === NOW + 10_000),
    ).toBe(true);
    expect(await dueRecords(db, NOW + 9_999)).toHaveLength(0);

    ooni.state.mode = '503';
    expect(await flushOutbox(deps(ooni, NOW + 10_000))).toMatchObject({
      retrying: 2,
      stoppedBy: 'HTTP 503: maintenance',
    });
    ooni.state.mode = 'up';
    expect(await flushOutbox(deps(ooni, NOW + 40_000))).toEqual({ sent: 2, failed: 0, retrying: 0 });
    expect(ooni.received.map((m) => m.input).sort()).toEqual(['https://a.example/', 'https://b.example/']);
  });

  it('a 4xx for one measurement marks that one failed with the reason; the rest go through', async () => {
    const ooni = fakeOoni();
    ooni.state.refuse = (content) => content.input === 'https://bad.example/';
    await addToOutbox(db, prepare(['https://a.example/', 'https://bad.example/', 'https://c.example/']));
    expect(await flushOutbox(deps(ooni))).toEqual({ sent: 2, failed: 1, retrying: 0 });
    const bad = (await db.getAll('outbox')).find((r) => r.measurement.input === 'https://bad.example/')!;
    expect(bad).toMatchObject({
      status: 'failed',
      error: 'HTTP 400: {"error":"invalid test_keys"}',
      attempts: 1,
    });
    // Failed records are not retried by themselves.
    expect(await dueRecords(db, NOW + 86_400_000)).toHaveLength(0);
  });

  it('scrubs an address a check-in reports at the flush, even if it was unknown when queued', async () => {
    const ooni = fakeOoni({ probeIp: '198.51.100.23' });
    const [record] = prepare(['https://a.example/'], { ips: [] });
    // Not a key the allow-list makes; it stands for any field a future version might add.
    record!.measurement.test_keys.vantage_http = { future: 'you are 198-51-100-23' };
    await addToOutbox(db, [record!]);
    await flushOutbox(deps(ooni));
    expect(ooni.requests.some((r) => r.body.includes('198.51.100.23'))).toBe(false);
    expect(JSON.stringify(ooni.received)).toContain('[scrubbed]');
  });

  it('sends a measurement queued without location only if the check-in finds the same network again', async () => {
    const ooni = fakeOoni();
    const same = prepare(['https://same.example/'], { location: undefined, locationHint: KZ });
    const other = prepare(['https://other.example/'], {
      location: undefined,
      locationHint: { ...KZ, probeAsn: 'AS1' },
    });
    const none = prepare(['https://none.example/'], { location: undefined });
    await addToOutbox(db, [...same, ...other, ...none]);
    // Long after they were queued (the flush right after a run is covered below).
    expect(await flushOutbox(deps(ooni, NOW + LOCATE_WINDOW_MS + 1))).toEqual({
      sent: 1,
      failed: 0,
      retrying: 2,
    });
    expect(ooni.received).toMatchObject([
      { input: 'https://same.example/', probe_cc: 'KZ', probe_asn: 'AS9198' },
    ]);
    const held = (await db.getAll('outbox')).filter((r) => r.status === 'pending');
    expect(held.map((r) => r.error)).toEqual(['location-unknown', 'location-unknown']);
  });

  it("locates measurements queued moments ago by the flush's own check-in (a run queues first)", async () => {
    const ooni = fakeOoni();
    const queued = prepare(['https://first-run.example/'], { location: undefined });
    await addToOutbox(db, queued);
    expect(await flushOutbox(deps(ooni, NOW + 20_000))).toMatchObject({ sent: 1, retrying: 0 });
    expect(ooni.received).toMatchObject([
      { input: 'https://first-run.example/', probe_cc: 'KZ', probe_asn: 'AS9198' },
    ]);
  });

  it('does not send when the check-in fails (no location to place it), and retries later', async () => {
    const ooni = fakeOoni();
    ooni.state.checkInMode = 'network-down';
    await addToOutbox(db, prepare(['https://a.example/']));
    expect(await flushOutbox(deps(ooni))).toMatchObject({
      sent: 0,
      retrying: 1,
      stoppedBy: expect.stringMatching(/^check-in failed/),
    });
    expect(ooni.requests.map((r) => r.path)).toEqual(['/api/v1/check-in']);
  });
});
