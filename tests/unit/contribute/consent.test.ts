import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WxtBrowser as Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createContributor } from '../../../lib/contribute/contributor';
import { addToOutbox } from '../../../lib/contribute/outbox';
import { prepareForOutbox } from '../../../lib/contribute/prepare';
import { closeDatabase, openDatabase } from '../../../lib/db';
import { saveMeasurement } from './save-measurement';
import { saveSettings } from '../../../lib/settings';
import { fakeOoni, FAKE_IP, measurement } from './fixtures';

const KZ = { probeCc: 'KZ', probeAsn: 'AS9198', networkName: 'JSC Kazakhtelecom' };
let ooni: ReturnType<typeof fakeOoni>;

beforeEach(async () => {
  fakeBrowser.reset();
  // WXT's fake browser has no manifest; Chrome's has no webRequestBlocking (no header guard).
  fakeBrowser.runtime.getManifest = () => ({
    manifest_version: 3,
    name: 'v',
    version: '0.1.0',
    permissions: [],
  });
  await closeDatabase();
  indexedDB.deleteDatabase('vantage');
  ooni = fakeOoni();
  vi.stubGlobal('fetch', ooni.fetch);
  await saveSettings({ ooniApiBase: 'https://api.example', collectorBase: 'https://collector.example' });
});
afterEach(() => vi.unstubAllGlobals());

async function queueOne() {
  const { records } = prepareForOutbox([measurement('https://a.example/')], {
    includeUserTargets: false,
    location: KZ,
    ips: [FAKE_IP],
    softwareVersion: '0.1.0',
    now: Date.now(),
    newId: () => crypto.randomUUID(),
  });
  await addToOutbox(await openDatabase(), records);
}

describe('consent decides whether anything leaves the device', () => {
  it('with consent off, a closed run queues nothing and a flush sends nothing', async () => {
    const contributor = createContributor(fakeBrowser as unknown as Browser, '0.1.0');
    await saveMeasurement(measurement('https://a.example/'));
    await contributor.onRunClosed('run-1');
    expect(await (await openDatabase()).count('outbox')).toBe(0);
    await queueOne();
    expect(await contributor.flush()).toMatchObject({ sent: 0, stoppedBy: 'consent-off' });
    expect(ooni.requests).toEqual([]);
  });

  it('with consent on, a closed run is queued and sent; turning it off stops sending at once', async () => {
    await saveSettings({ contribute: { enabled: true, includeUserTargets: false } });
    const contributor = createContributor(fakeBrowser as unknown as Browser, '0.1.0');
    await saveMeasurement(measurement('https://a.example/'));
    await contributor.onRunClosed('run-1');
    expect(ooni.received.map((m) => m.input)).toEqual(['https://a.example/']);

    await saveSettings({ contribute: { enabled: false, includeUserTargets: false } });
    await queueOne();
    const requests = ooni.requests.length;
    expect(await contributor.retryNow()).toMatchObject({ sent: 0, stoppedBy: 'consent-off' });
    expect(ooni.requests).toHaveLength(requests);
    // Still there, for the user to see or remove.
    expect(await (await openDatabase()).count('outbox')).toBe(2);
  });
});

describe('a run is queued before the check-in', () => {
  it('is in the outbox while the check-in still hangs, and located by it once it answers', async () => {
    await saveSettings({ contribute: { enabled: true, includeUserTargets: false } });
    let answer: () => void = () => undefined;
    const hanging = new Promise<void>((resolve) => (answer = resolve));
    vi.stubGlobal('fetch', (async (input: URL | string, init?: RequestInit) => {
      if (String(input).endsWith('/api/v1/check-in')) await hanging;
      return ooni.fetch(input, init);
    }) as typeof fetch);
    const contributor = createContributor(fakeBrowser as unknown as Browser, '0.1.0');
    await saveMeasurement(measurement('https://a.example/'));
    const closing = contributor.onRunClosed('run-1');
    // A worker killed now would find it queued (ZZ/AS0 until the check-in places it).
    await vi.waitFor(async () => expect(await (await openDatabase()).count('outbox')).toBe(1));
    const [queued] = await (await openDatabase()).getAll('outbox');
    expect(queued!.measurement).toMatchObject({ probe_cc: 'ZZ', probe_asn: 'AS0' });
    expect(ooni.received).toEqual([]);
    answer();
    await closing;
    expect(ooni.received).toMatchObject([{ input: 'https://a.example/', probe_cc: 'KZ' }]);
  });
});
