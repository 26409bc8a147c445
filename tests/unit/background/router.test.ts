import { beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Capability } from '../../../lib/background/capability';
import { ensurePeriodicAlarm } from '../../../lib/background/capability';
import { routeMessages, startBackground } from '../../../lib/background/router';
import { MESSAGES, type Handlers, type MessageType } from '../../../lib/messaging';
import { loadSettings, saveSettings, scheduledCheckMinutes } from '../../../lib/settings';

/** One capability answering every message but the router's own (refresh is a network one). */
function everything(overrides: Partial<Capability> = {}): Capability {
  const handlers = Object.fromEntries(
    (Object.keys(MESSAGES) as MessageType[])
      .filter((type) => type !== 'ping' && type !== 'wipeEverything' && type !== 'libraryRefresh')
      .map((type) => [type, () => ({ answered: type })]),
  ) as Partial<Handlers>;
  return {
    name: 'everything',
    handlers,
    networkHandlers: { libraryRefresh: () => ({ answered: 'libraryRefresh' }) as never },
    ...overrides,
  };
}

const answer = (table: Partial<Handlers>, type: MessageType) =>
  Promise.resolve((table[type] as (data: unknown) => unknown)({}));

beforeEach(() => fakeBrowser.reset());

describe('the background router', () => {
  it('refuses to start when a message has no handler, or two', () => {
    const consented = async () => true;
    expect(() => routeMessages(browser, [everything({ networkHandlers: {} })], '1', consented)).toThrow(
      /no capability answers: libraryRefresh/,
    );
    expect(() =>
      routeMessages(
        browser,
        [everything(), { name: 'again', handlers: { checkNow: vi.fn() } }],
        '1',
        consented,
      ),
    ).toThrow(/again: the message checkNow already has a handler/);
  });

  it('refuses network messages until the first-run page is answered, answers the others', async () => {
    let consent = false;
    const table = routeMessages(browser, [everything()], '1', async () => consent);
    await expect(answer(table, 'libraryRefresh')).rejects.toThrow(/no-consent/);
    await expect(answer(table, 'librarySources')).resolves.toEqual({ answered: 'librarySources' });
    consent = true;
    await expect(answer(table, 'libraryRefresh')).resolves.toEqual({ answered: 'libraryRefresh' });
  });

  it('keeps no alarm before consent, a periodic one after, and clears a self-set one without consent', async () => {
    const run = vi.fn();
    const capability = everything({
      alarms: [
        { name: 'check', periodMinutes: scheduledCheckMinutes, run },
        { name: 'retry', run },
      ],
    });
    await browser.alarms.create('retry', { when: Date.now() + 60_000 });
    const background = startBackground(browser, [capability], '1');
    await background.applySettings(await loadSettings());
    expect(await browser.alarms.getAll()).toEqual([]);
    // One left by an older version does not fire either.
    await fakeBrowser.alarms.onAlarm.trigger({ name: 'check', scheduledTime: Date.now() });
    expect(run).not.toHaveBeenCalled();

    const settings = await saveSettings({ consent: { choice: 'schedule', at: 1 }, scheduleMinutes: 30 });
    await background.applySettings(settings);
    expect((await browser.alarms.get('check'))?.periodInMinutes).toBe(30);

    // An alarm only fires its capability with consent; "only when I ask" removes the periodic one.
    await fakeBrowser.alarms.onAlarm.trigger({ name: 'check', scheduledTime: Date.now() });
    expect(run).toHaveBeenCalledTimes(1);
    await background.applySettings(await saveSettings({ consent: { choice: 'manual', at: 2 } }));
    expect(await browser.alarms.get('check')).toBeUndefined();
  });

  it('keeps one periodic alarm, not re-created (its next firing kept) while the period is the same', async () => {
    await ensurePeriodicAlarm(browser, 'a', 30);
    const first = await browser.alarms.get('a');
    await ensurePeriodicAlarm(browser, 'a', 30);
    expect(await browser.alarms.get('a')).toEqual(first);
    await ensurePeriodicAlarm(browser, 'a', 60);
    expect((await browser.alarms.get('a'))?.periodInMinutes).toBe(60);
    await ensurePeriodicAlarm(browser, 'a', 0);
    expect(await browser.alarms.getAll()).toEqual([]);
  });
});
