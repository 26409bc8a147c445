import { describe, expect, it } from 'vitest';
import { toContribution } from '../../../lib/contribute/allow-list';
import { scrubJson } from '../../../lib/contribute/scrub';
import { measurementsFileName, measurementsJsonLines } from '../../../lib/history/export';
import { CONCURRENCY_RANGE, parseWholeNumber, TIMEOUT_RANGE } from '../../../lib/options';
import { migrateSettings } from '../../../lib/settings';
import { FAKE_IP, measurement } from '../contribute/fixtures';

describe('the measurements file', () => {
  const leaky = () => {
    const m = measurement('https://a.example/', { title: `Blocked for ${FAKE_IP}`, source: 'user' });
    m.observation.http.finalUrl = `https://portal.example/login?mac=aa:bb:cc:dd:ee:ff&session=s3cr3t&ip=${FAKE_IP}`;
    m.observation.http.headers['set-cookie'] = 'session=s3cr3t';
    return m;
  };

  it('is named by the date only', () => {
    expect(measurementsFileName(new Date(Date.UTC(2026, 11, 5, 23, 59)))).toBe(
      'vantage-measurements-2026-12-05.jsonl',
    );
  });

  it('is OONI JSON Lines, one measurement a line, the user’s own sites included', () => {
    const records = [
      measurement('https://a.example/'),
      measurement('https://mine.example/', { source: 'user' }),
    ];
    const text = measurementsJsonLines(records, { softwareVersion: '0.1.0' });
    expect(text.endsWith('\n')).toBe(true);
    const lines = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => l.input)).toEqual(['https://a.example/', 'https://mine.example/']);
    expect(lines[0]).toMatchObject({
      data_format_version: '0.2.0',
      test_name: 'browser_web',
      probe_ip: '127.0.0.1',
      probe_cc: 'ZZ',
      probe_asn: 'AS0',
      report_id: '',
      test_keys: { blocking: false, accessible: true, load_time_ms: 120 },
    });
    expect(measurementsJsonLines([], { softwareVersion: '0.1.0' })).toBe('');
  });

  it('carries exactly what a contribution would: no title, header value, link detail or device address', () => {
    const m = leaky();
    const [line] = measurementsJsonLines([m], { softwareVersion: '0.1.0', ips: [FAKE_IP] })
      .trimEnd()
      .split('\n');
    const exported = JSON.parse(line!) as ReturnType<typeof toContribution>;
    expect(exported).toEqual(scrubJson(toContribution(m, { softwareVersion: '0.1.0' }), [FAKE_IP]).value);
    for (const secret of [FAKE_IP, 's3cr3t', 'aa:bb:cc', 'Blocked for', 'mac='])
      expect(line, secret).not.toContain(secret);
    // What the verdict rests on is still there.
    expect((exported.test_keys.vantage_http as { final_url: string }).final_url).toBe(
      'https://portal.example/',
    );
  });

  it('scrubs a device address the contribution path knows, wherever the allow-list lets text through', () => {
    const m = measurement('https://a.example/');
    m.observation.dns[0]!.addresses = [FAKE_IP];
    expect(measurementsJsonLines([m], { softwareVersion: '0.1.0' })).toContain(FAKE_IP);
    expect(measurementsJsonLines([m], { softwareVersion: '0.1.0', ips: [FAKE_IP] })).not.toContain(FAKE_IP);
  });
});

describe('request timeout and concurrency fields', () => {
  it('accept what the settings keep, and refuse with the range what they would drop', () => {
    for (const [range, key] of [
      [TIMEOUT_RANGE, 'requestTimeoutMs'],
      [CONCURRENCY_RANGE, 'concurrency'],
    ] as const) {
      for (const value of [range.min, range.max]) {
        expect(parseWholeNumber(String(value), range)).toEqual({ ok: true, value });
        expect(migrateSettings({ [key]: value })[key]).toBe(value);
      }
      for (const value of [range.min - 1, range.max + 1]) {
        expect(parseWholeNumber(String(value), range)).toEqual({
          ok: false,
          problem: { reason: 'out-of-range', min: range.min, max: range.max },
        });
        expect(migrateSettings({ [key]: value })[key]).not.toBe(value);
      }
    }
    expect(TIMEOUT_RANGE).toEqual({ min: 1000, max: 120000 });
    expect(CONCURRENCY_RANGE).toEqual({ min: 1, max: 64 });
  });
});
