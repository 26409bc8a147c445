/**
 * Remove the user's own IP address from a measurement before it is queued (and again before it
 * is sent, with the freshest address the check-in saw). A site may echo the visitor's address
 * (a blockpage "your IP is …", a header, a title); OONI's own probes replace it the same way.
 * Works on the serialized JSON, so no key — known today or added tomorrow — can hide it.
 */
export const SCRUBBED = '[scrubbed]';

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Addresses worth scrubbing: real ones, never the placeholder 127.0.0.1 OONI puts in probe_ip. */
export function scrubbableIps(ips: readonly (string | undefined)[]): string[] {
  const out = new Set<string>();
  for (const raw of ips) {
    const ip = raw?.trim().toLowerCase();
    if (!ip || ip === '127.0.0.1' || ip === '::1') continue;
    if (IPV4.test(ip) || (ip.includes(':') && /^[0-9a-f:.]+$/.test(ip))) out.add(ip);
  }
  return [...out];
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every occurrence of each address, as a whole address: 10.1.2.3 must not eat part of
 * 110.1.2.34, and an IPv6 address is matched in any letter case.
 */
export function scrubText(text: string, ips: readonly string[]): string {
  let out = text;
  for (const ip of scrubbableIps(ips)) {
    const boundary = ip.includes(':') ? '[0-9a-fA-F:.]' : '[0-9.]';
    const pattern = new RegExp(`(?<!${boundary})${escape(ip)}(?!${boundary})`, 'gi');
    out = out.replace(pattern, SCRUBBED);
  }
  return out;
}

/** A JSON value with every occurrence of the addresses replaced; `changed` says whether any was. */
export function scrubJson<T>(value: T, ips: readonly string[]): { value: T; changed: boolean } {
  const before = JSON.stringify(value);
  const after = scrubText(before, ips);
  return after === before ? { value, changed: false } : { value: JSON.parse(after) as T, changed: true };
}
