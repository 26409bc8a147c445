import { describe, expect, it } from 'vitest';
import { retryDelay } from '../../lib/contribute/backoff';
import { checkIn, isKnownLocation } from '../../lib/contribute/checkin';
import { SCRUBBED, scrubJson, scrubText } from '../../lib/contribute/scrub';
import { DEFAULT_SETTINGS } from '../../lib/settings/schema';
import { importPreset } from '../../lib/settings/preset-file';
import { fakeOoni, FAKE_IP } from './contribute-fixtures';

describe('scrubbing the device address', () => {
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

  it('matches an IPv6 address in any letter case', () => {
    expect(scrubText('seen 2001:DB8::1 and 2001:db8::10', ['2001:db8::1'])).toBe(
      `seen ${SCRUBBED} and 2001:db8::10`,
    );
  });

  it("never touches OONI's placeholder 127.0.0.1, and ignores things that are not addresses", () => {
    const text = '{"probe_ip":"127.0.0.1","x":"a.b"}';
    expect(scrubText(text, ['127.0.0.1', 'a.b', '', ' '])).toBe(text);
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
  it("posts OONI's check-in without cookies and reads country, network and the address it saw", async () => {
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
      probeIp: FAKE_IP,
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
    const ooni = fakeOoni({ probeCc: 'ZZ', probeAsn: 'AS0' });
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
    // The collector is only suggested (issue #12): the user must accept it and consent again.
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
