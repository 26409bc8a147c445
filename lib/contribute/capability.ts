import type { WxtBrowser as Browser } from 'wxt/browser';
import type { Capability } from '../background';
import { openDatabase } from '../db';
import { createContributor, OUTBOX_ALARM, type Contributor } from './contributor';
import { measurementsJsonLines } from '../history';

/**
 * Contribution: the outbox is retried by its alarm (survives restarts), when the network comes
 * back, when the user turns contribution on, and at worker start (whatever is due goes then).
 * The outbox alarm is the contributor's own one-shot retry, so it declares no period: the
 * router only clears it before consent.
 */
export function createContributionCapability(
  browser: Browser,
  softwareVersion: string,
): Capability & { contributor: Contributor } {
  const contributor = createContributor(browser, softwareVersion);
  return {
    name: 'contribution',
    contributor,
    handlers: {
      contributeRemove: async ({ ids }) => ({ removed: await contributor.remove(ids) }),
      exportMeasurements: async () => {
        const records = await (await openDatabase()).getAllFromIndex('measurements', 'byTime');
        return { jsonl: measurementsJsonLines(records, { softwareVersion }), count: records.length };
      },
    },
    networkHandlers: {
      contributeRetryNow: ({ ids }) => contributor.retryNow(ids),
    },
    alarms: [{ name: OUTBOX_ALARM, run: () => contributor.resume() }],
    onStart: () => contributor.resume(),
    onSettings: (settings) => (settings.contribute.enabled ? contributor.resume() : undefined),
    onOnline: () => contributor.resume(),
  };
}
