import type { Page } from 'playwright-core';

/** The lab's OONI API and collector (tests/lab/api.ts, collector.ts), over the lab's https. */
const LAB_ENDPOINTS = {
  ooniApiBase: 'https://api.lab.test',
  collectorBase: 'https://api.lab.test',
} as const;

/**
 * A settings file only *suggests* where check-ins and contributions go; the user
 * accepts on the options page (tests/e2e/options.test.ts drives that button). Tests about
 * something else accept the lab's addresses as the button does: the addresses stored, contribution
 * off until consent is given for the new host. As a script body, so Firefox (browser.*) runs it
 * too; `api` is `chrome` or `browser`. A block, so its names do not clash with the caller's.
 */
export const ACCEPT_LAB_ENDPOINTS_JS = `{
  const { settings } = await api.storage.local.get('settings');
  await api.storage.local.set({ settings: { ...settings, ...${JSON.stringify(LAB_ENDPOINTS)},
    contribute: { ...(settings?.contribute ?? {}), enabled: false, includeUserTargets: false } } });
}`;

export async function acceptLabEndpoints(page: Page): Promise<void> {
  await page.evaluate(`(async () => { const api = chrome; ${ACCEPT_LAB_ENDPOINTS_JS} })()`);
}
