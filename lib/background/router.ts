import type { WxtBrowser as Browser } from 'wxt/browser';
import { wipeEverything } from '../engine';
import { handleMessages, MESSAGES, type Handlers, type MessageType } from '../messaging';
import { hasConsented, loadSettings, onSettingsChanged, type Settings } from '../settings';
import { ensurePeriodicAlarm, type Capability } from './capability';

export interface Background {
  /** Make every alarm follow these settings now (the first-run answer waits for it). */
  applySettings(settings: Settings): Promise<void>;
}

/**
 * The one router: messages, alarms, settings changes, worker start and `online`, for a list of
 * capabilities. Consent (issue #12) is applied here, once, for all of them: before the first-run
 * page is answered nothing reaches the network — network messages are refused, there is no alarm
 * at all (one left by an older version does not fire), and no start, settings or `online` hook
 * runs. Listeners are registered synchronously: a worker woken by an event must find them.
 */
export function startBackground(browser: Browser, capabilities: Capability[], version: string): Background {
  const consented = async () => hasConsented(await loadSettings());

  handleMessages(routeMessages(browser, capabilities, version, consented) as Handlers);

  const alarms = new Map(capabilities.flatMap((c) => c.alarms ?? []).map((alarm) => [alarm.name, alarm]));
  browser.alarms.onAlarm.addListener(async ({ name }) => {
    const alarm = alarms.get(name);
    if (!alarm || !(await consented())) return;
    await alarm.run();
  });

  async function applySettings(settings: Settings) {
    const allowed = hasConsented(settings);
    for (const alarm of alarms.values()) {
      if (!allowed) await browser.alarms.clear(alarm.name);
      else if (alarm.periodMinutes)
        await ensurePeriodicAlarm(
          browser,
          alarm.name,
          alarm.periodMinutes(settings),
          alarm.firstDelayMinutes,
        );
    }
  }

  const each = (hook: (capability: Capability) => unknown) =>
    Promise.all(capabilities.map(async (capability) => hook(capability)));
  onSettingsChanged((settings) => {
    void applySettings(settings).then(() => {
      if (hasConsented(settings)) void each((c) => c.onSettings?.(settings));
    });
  });
  globalThis.addEventListener?.('online', () => {
    void consented().then((yes) => (yes ? each((c) => c.onOnline?.()) : undefined));
  });
  void loadSettings().then(async (settings) => {
    await applySettings(settings);
    if (hasConsented(settings)) await each((c) => c.onStart?.(settings));
  });

  return { applySettings };
}

/** Every capability's handlers as one table, network ones behind consent, plus ping and the wipe. */
export function routeMessages(
  browser: Browser,
  capabilities: Capability[],
  version: string,
  consented: () => Promise<boolean>,
): Partial<Handlers> {
  const table: Partial<Record<MessageType, (data: never) => unknown>> = {};
  const add = (owner: string, handlers: Partial<Handlers> | undefined, gated: boolean) => {
    for (const [type, handler] of Object.entries(handlers ?? {}) as [
      MessageType,
      (data: never) => unknown,
    ][]) {
      if (table[type]) throw new Error(`${owner}: the message ${type} already has a handler`);
      table[type] = gated
        ? async (data: never) => {
            if (!(await consented())) throw new Error('no-consent: answer the first-run page first');
            return handler(data);
          }
        : handler;
    }
  };
  for (const capability of capabilities) {
    add(capability.name, capability.handlers, false);
    add(capability.name, capability.networkHandlers, true);
  }
  add(
    'router',
    {
      ping: ({ sentAt }) => ({ receivedAt: Math.max(Date.now(), sentAt), version }),
      wipeEverything: async () => {
        // Each capability stops writing first (in list order), or a cancelled run or refresh
        // would write back after the wipe.
        for (const capability of capabilities) await capability.halt?.();
        await wipeEverything(browser);
        return { wiped: true as const };
      },
    },
    false,
  );
  const missing = (Object.keys(MESSAGES) as MessageType[]).filter((type) => !table[type]);
  if (missing.length > 0) throw new Error(`no capability answers: ${missing.join(', ')}`);
  return table as Partial<Handlers>;
}
