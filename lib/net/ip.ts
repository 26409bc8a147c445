/** Lower-case, and unwrap IPv4-mapped IPv6 ("::ffff:1.2.3.4") as webRequest may report it. */
export function normalizeIp(ip: string): string {
  const lower = ip
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  return mapped ? mapped[1]! : lower;
}
