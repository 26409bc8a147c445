import type { LabHost } from './hosts';

/** What the censor does to a host's traffic right now. */
export type Policy =
  | 'pass'
  | 'reset'
  | 'blackhole'
  | 'tls-reset'
  | 'blockpage'
  | 'throttle'
  // Issue #13: the site answers a two-line notice instead of its page; a captive portal answers for it.
  | 'notice'
  | 'portal';

export type Scenario = 'normal' | 'messenger-block' | 'whitelist' | 'shutdown' | 'captive' | 'throttled';

/** Which hosts a whole-connection scenario touches, and how (Kazakhstan, January 2022 and after). */
export function policiesFor(scenario: Scenario, hosts: readonly LabHost[]): Map<string, Policy> {
  const policies = new Map<string, Policy>();
  for (const host of hosts) {
    const scenarioHost =
      host.group !== undefined || host.role === 'doh' || host.role === 'api' || host.role === 'captive';
    if (!scenarioHost) continue;
    switch (scenario) {
      case 'messenger-block':
        if (host.group === 'messengers') policies.set(host.name, 'tls-reset');
        break;
      case 'whitelist':
        if (host.group !== 'control-domestic') policies.set(host.name, 'blackhole');
        break;
      case 'shutdown':
        policies.set(host.name, 'blackhole');
        break;
      case 'throttled':
        if (host.group) policies.set(host.name, 'throttle');
        break;
      case 'captive':
        // Behind a real portal every site gets the portal; DoH is left to pass
        // so the test browsers can still resolve the portal's own name (a simplification).
        if (host.group) policies.set(host.name, 'portal');
        break;
      default:
        break;
    }
  }
  return policies;
}
