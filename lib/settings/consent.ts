import type { ConsentChoice, Settings } from './schema';

/**
 * What the first-run choice allows. Every path that can reach the network — runs,
 * alarms, diagnosis, library and mirror refreshes, contribution — asks one of these first.
 * OONI Probe likewise asks for informed consent before its first test.
 */

/** The choices the first-run page offers ('none' is the absence of one). */
export type ConsentAnswer = Exclude<ConsentChoice, 'none'>;
export const CONSENT_ANSWERS: readonly ConsentAnswer[] = ['now', 'schedule', 'manual'];

/** Has the user answered? Before that nothing may leave the device, not even a DNS query. */
export function hasConsented(settings: Pick<Settings, 'consent'>): boolean {
  return settings.consent.choice !== 'none';
}

/** Minutes between scheduled checks, 0 when none may run (not asked yet, or "only when I ask"). */
export function scheduledCheckMinutes(settings: Pick<Settings, 'consent' | 'scheduleMinutes'>): number {
  return settings.consent.choice === 'schedule' ? settings.scheduleMinutes : 0;
}

/**
 * May Vantage fetch on its own clock — the library's sources, the mirror list? Only with "on a
 * schedule": "only when I ask" and "check now, then when I ask" mean no request the user did not
 * start. (A refresh a check of the user's own sets off, at the first sign of blocking, is theirs.)
 */
export function refreshesOnItsOwn(settings: Pick<Settings, 'consent'>): boolean {
  return settings.consent.choice === 'schedule';
}

/** Should a page the browser failed to open be diagnosed? Only with its own switch on. */
export function diagnosesFailedPages(settings: Pick<Settings, 'consent' | 'diagnoseFailedPages'>): boolean {
  return hasConsented(settings) && settings.diagnoseFailedPages;
}

/** Does this answer start a check at once (the first-run page's "check now" and "on a schedule")? */
export function checksAtOnce(answer: ConsentAnswer): boolean {
  return answer === 'now' || answer === 'schedule';
}

export interface ConsentRequest {
  choice: ConsentAnswer;
  /** With 'schedule': the interval the user picked. */
  scheduleMinutes?: number;
  /** The separate failed-page diagnosis switch. */
  diagnose: boolean;
}

/** The settings change an answer makes; the caller saves it (saveSettings re-validates). */
export function consentChange(request: ConsentRequest, now: number): Partial<Settings> {
  return {
    consent: { choice: request.choice, at: now },
    diagnoseFailedPages: request.diagnose,
    ...(request.choice === 'schedule' && request.scheduleMinutes !== undefined
      ? { scheduleMinutes: request.scheduleMinutes }
      : {}),
  };
}

/** Is this a well-formed answer (the message comes from our own page, but check anyway)? */
export function isConsentRequest(value: unknown): value is ConsentRequest {
  if (typeof value !== 'object' || value === null) return false;
  const request = value as Partial<ConsentRequest>;
  return (
    CONSENT_ANSWERS.includes(request.choice as ConsentAnswer) &&
    typeof request.diagnose === 'boolean' &&
    (request.scheduleMinutes === undefined ||
      (Number.isInteger(request.scheduleMinutes) &&
        request.scheduleMinutes >= 0 &&
        request.scheduleMinutes <= 24 * 60))
  );
}

/** What the first-run page names as contacted, read from the settings actually in force. */
export function contactedServices(settings: Pick<Settings, 'dohResolvers' | 'captiveCheckUrl'>): {
  resolvers: string[];
  connectivityCheck: string;
} {
  return {
    resolvers: settings.dohResolvers.map((url) => new URL(url).hostname),
    connectivityCheck: new URL(settings.captiveCheckUrl).hostname,
  };
}
