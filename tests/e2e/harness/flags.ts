/**
 * Flags every test browser gets, so nothing it does leaves this machine: no background
 * networking, updates, sync or QUIC; every name resolved by the lab's rules, which end with
 * `MAP * ~NOTFOUND` so a name the lab does not know fails instead of reaching real DNS.
 */
export const CHROMIUM_QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--metrics-recording-only',
] as const;

export function assertLoopbackOnly(resolverRules: string): void {
  const rules = resolverRules.split(',').map((rule) => rule.trim());
  const lastMap = rules.filter((rule) => rule.startsWith('MAP ')).at(-1);
  if (lastMap !== 'MAP * ~NOTFOUND') {
    throw new Error(`host resolver rules must end with "MAP * ~NOTFOUND", got "${lastMap}"`);
  }
  for (const rule of rules) {
    const target = rule.split(/\s+/)[2];
    if (
      rule.startsWith('MAP ') &&
      target !== '~NOTFOUND' &&
      !/^127\.\d+\.\d+\.\d+(:\d+)?$/.test(target ?? '')
    ) {
      throw new Error(`host resolver rule leaves loopback: ${rule}`);
    }
  }
}
