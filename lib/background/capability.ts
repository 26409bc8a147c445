import type { WxtBrowser as Browser } from 'wxt/browser';
import type { Handlers } from '../messaging';
import type { Settings } from '../settings';

/**
 * The one shape every background capability (engine, library, contribution, advice) exports, so
 * entrypoints/background.ts is a list of them and one router (lib/background/router.ts) — as Dark
 * Reader's extension.ts composes its managers. Consent is not a capability's business: the router
 * applies it to every field below the same way (lib/settings/consent.ts says what it allows).
 */
export interface Capability {
  /** For error messages (a message answered twice, an alarm named twice). */
  name: string;
  /** Messages that never reach the network: answered whatever the first-run answer. */
  handlers?: Partial<Handlers>;
  /** Messages that can reach the network: refused until the first-run page is answered. */
  networkHandlers?: Partial<Handlers>;
  alarms?: CapabilityAlarm[];
  /** The worker started and the user has answered the first-run page. */
  onStart?(settings: Settings): Promise<unknown> | void;
  /** The settings changed (alarms already follow), and the user has answered. */
  onSettings?(settings: Settings): Promise<unknown> | void;
  /** The browser says the network is back, and the user has answered. */
  onOnline?(): Promise<unknown> | void;
  /** Before "wipe everything": stop, and wait until nothing more will be written. */
  halt?(): Promise<void>;
}

export interface CapabilityAlarm {
  name: string;
  /**
   * Minutes between firings under these settings, 0 for no alarm. Asked only once the user has
   * answered the first-run page (before that there is no alarm at all). Omitted for an alarm the
   * capability sets itself (the outbox's one-shot retry): the router only clears it before consent.
   */
  periodMinutes?(settings: Settings): number;
  /** Minutes before the first firing; one period when omitted. */
  firstDelayMinutes?: number;
  /** It fired (only ever with consent). */
  run(): Promise<unknown> | void;
}

/**
 * Keep exactly one periodic alarm called `name` firing every `minutes` (none when 0). An alarm
 * already at that period is left alone: re-creating it would push its next firing back, and a
 * worker that starts often would then never fire it.
 */
export async function ensurePeriodicAlarm(
  browser: Browser,
  name: string,
  minutes: number,
  firstDelayMinutes = minutes,
): Promise<void> {
  if (minutes <= 0) return void (await browser.alarms.clear(name));
  const existing = await browser.alarms.get(name);
  if (existing?.periodInMinutes === minutes) return;
  await browser.alarms.create(name, { periodInMinutes: minutes, delayInMinutes: firstDelayMinutes });
}
