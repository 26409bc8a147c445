import { describe, expect, it } from 'vitest';
import { retryDelay } from '../../../lib/contribute/backoff';
import { checkIn, isKnownLocation } from '../../../lib/contribute/checkin';
import { SCRUBBED, scrubbableIps, scrubJson, scrubText } from '../../../lib/contribute/scrub';
import { DEFAULT_SETTINGS } from '../../../lib/settings/schema';
import { importPreset } from '../../../lib/settings/preset-file';
import { fakeOoni, FAKE_IP } from './fixtures';

describe('scrubbing the device address (the second defence)', () => {
  it('replaces every occurrence of the address, in any key or value', () => {
    const { value, changed } = scrubJson(
      { title: `Your IP: ${FAKE_IP}`, headers: { 'x-real-ip': FAKE_IP }, list: [FAKE_IP], [FAKE_IP]: 1 },
      [FAKE_IP],
    );
    expect(changed).toBe(true);
    expect(JSON.stringify(value)).not.toContain(FAKE_IP);
    expect(value.title).toBe(`Your IP: ${SCRUBBED}`);
  });

  it('replaces whole addresses only: a longer address that contains it is left alone', () => {
    expect(scrubText('10.1.2.3 110.1.2.34 10.1.2.30 10.1.2.3:443', ['10.1.2.3'])).toBe(
      `${SCRUBBED} 110.1.2.34 10.1.2.30 ${SCRUBBED}:443`,
    );
  });

  it('finds an IPv4 address in every spelling a page, URL or header gives it', () => {
    const ip = '203.0.113.77'; // = 3405803853
    const spellings = [
      'Your IP is 203.0.113.77',
      'host-203-0-113-77.example',
      'ip_203_0_113_77',
      '/portal?ip=203%2E0%2E113%2E77&x=1',
      '/portal?ip=203%2e0%2e113%2e77',
      '77.113.0.203.in-addr.arpa',
      'client=3405803853;',
      '::ffff:203.0.113.77',
      '[::FFFF:CB00:714D]:443',
      '0:0:0:0:0:ffff:cb00:714d',
      'ip=%3A%3Affff%3Acb00%3A714d',
    ];
    for (const text of spellings) {
      const out = scrubText(text, [ip]);
      expect(out, text).toContain(SCRUBBED);
      expect(out, text).not.toMatch(/203|3405803853|cb00/i);
    }
  });

  it('finds an IPv6 address expanded, compressed, in any case, and every address of its /64', () => {
    const ip = '2001:db8:85a3:1::8a2e:370:7334';
    const spellings = [
      '2001:db8:85a3:1::8a2e:370:7334',
      '2001:0DB8:85A3:0001:0000:8A2E:0370:7334',
      '2001:db8:85a3:1:0:8a2e:370:7334',
      'privacy address 2001:db8:85a3:1:d1ce:5eed:beef:1 rotated',
      '2001:db8:85a3:1::1',
      'u=2001%3Adb8%3A85a3%3A1%3A%3A2',
    ];
    for (const text of spellings) expect(scrubText(text, [ip]), text).toContain(SCRUBBED);
    // Another /64 of the same provider, times and MAC addresses are not the device.
    const others = '2001:db8:85a3:2::1 at 12:30:45, MAC aa:bb:cc:dd:ee:ff';
    expect(scrubText(others, [ip])).toBe(others);
  });

  it('turns a JSON number equal to the decimal address into null', () => {
    expect(scrubJson({ n: 3405803853, m: 3 }, ['203.0.113.77']).value).toEqual({ n: null, m: 3 });
  });

  it("never touches OONI's placeholder 127.0.0.1, and ignores things that are not addresses", () => {
    const text = '{"probe_ip":"127.0.0.1","x":"a.b"}';
    expect(scrubText(text, ['127.0.0.1', '::1', '::ffff:127.0.0.1', 'a.b', '', ' '])).toBe(text);
    expect(scrubbableIps(['127.0.0.1', '999.1.1.1', '203.0.113.77', '2001:DB8::1'])).toEqual([
      '203.0.113.77',
      '2001:db8:0:0::/64',
    ]);
  });

  it('returns the same object when there was nothing to scrub', () => {
    const value = { a: 1 };
    expect(scrubJson(value, [FAKE_IP])).toEqual({ value, changed: false });
  });
});

describe('retry schedule', () => {
  it('makes a few quick tries, then backs off exponentially from 15 minutes, capped at a day', () => {
    const minutes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((n) => retryDelay(n) / 60_000);
    expect(minutes).toEqual([10 / 60, 0.5, 1.5, 15, 30, 60, 120, 240, 480, 960, 1440, 1440]);
    expect(retryDelay(0)).toBe(0);
    expect(retryDelay(1000)).toBe(24 * 60 * 60_000);
  });
});

describe('OONI check-in', () => {
  it("posts OONI's check-in without cookies and reads country and network (it answers no address)", async () => {
    const ooni = fakeOoni();
    let init: RequestInit | undefined;
    const result = await checkIn({
      apiBase: 'https://api.example',
      softwareVersion: '0.1.0',
      runType: 'timed',
      fetch: ((url: URL, i: RequestInit) => ((init = i), ooni.fetch(url, i))) as typeof fetch,
    });
    expect(result).toEqual({
      ok: true,
      location: { probeCc: 'KZ', probeAsn: 'AS9198', networkName: 'JSC Kazakhtelecom' },
    });
    expect(init?.credentials).toBe('omit');
    expect(ooni.requests[0]).toMatchObject({ method: 'POST', path: '/api/v1/check-in' });
    const sent = JSON.parse(ooni.requests[0]!.body) as Record<string, unknown>;
    expect(sent).toMatchObject({ probe_cc: 'ZZ', probe_asn: 'AS0', software_name: 'vantage' });
  });

  it('treats ZZ / AS0 (and malformed codes) as an unknown location', async () => {
    expect(isKnownLocation('ZZ', 'AS9198')).toBe(false);
    expect(isKnownLocation('KZ', 'AS0')).toBe(false);
    expect(isKnownLocation('kz', 'AS9198')).toBe(false);
    expect(isKnownLocation('KZ', '9198')).toBe(false);
    expect(isKnownLocation('KZ', 'AS9198')).toBe(true);
    const ooni = fakeOoni({ probeCc: 'ZZ', probeAsn: 'AS0', probeIp: FAKE_IP });
    const result = await checkIn({
      apiBase: 'https://a.example',
      softwareVersion: '0.1.0',
      runType: 'timed',
      fetch: ooni.fetch,
    });
    expect(result).toEqual({ ok: true, probeIp: FAKE_IP });
  });

  it('reports an unreachable or misbehaving backend as a value, never a throw', async () => {
    const down = fakeOoni();
    down.state.checkInMode = 'network-down';
    const base = { apiBase: 'https://a.example', softwareVersion: '0.1.0', runType: 'timed' as const };
    expect(await checkIn({ ...base, fetch: down.fetch })).toMatchObject({ ok: false, reason: /^network/ });
    const garbage = (async () => new Response('<html>', { status: 200 })) as unknown as typeof fetch;
    expect(await checkIn({ ...base, fetch: garbage })).toEqual({ ok: false, reason: 'not-json' });
    const error = (async () => new Response('', { status: 502 })) as unknown as typeof fetch;
    expect(await checkIn({ ...base, fetch: error })).toEqual({ ok: false, reason: 'HTTP 502' });
  });
});

describe('consent cannot come from a settings file', () => {
  it('imports a preset that says contribute.enabled: true without turning sending on', () => {
    const file = JSON.stringify({
      format: 'vantage-settings',
      version: 1,
      settings: {
        contribute: { enabled: true, includeUserTargets: true },
        collectorBase: 'https://c.example',
      },
    });
    const result = importPreset(file, DEFAULT_SETTINGS);
    expect(result.ok && result.settings.contribute).toEqual({ enabled: false, includeUserTargets: false });
    // The collector is only suggested: the user must accept it and consent again.
    expect(result.ok && result.settings.collectorBase).toBe(DEFAULT_SETTINGS.collectorBase);
    expect(result.ok && result.refused).toContainEqual({ key: 'contribute', reason: 'user-only' });
    // Someone who already consented keeps their choice.
    const on = { ...DEFAULT_SETTINGS, contribute: { enabled: true, includeUserTargets: false } };
    expect(
      importPreset(file, on).ok &&
        (importPreset(file, on) as { settings: typeof on }).settings.contribute.enabled,
    ).toBe(true);
  });
});
