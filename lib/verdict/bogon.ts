/**
 * Addresses that never belong to a public web server: private, loopback, link-local, shared
 * (CGNAT), documentation, benchmarking, multicast and reserved ranges (RFC 6890 special-purpose
 * registries; Team Cymru's bogon list). A resolver answering one for a public name is a classic
 * way to block (0.0.0.0, 127.0.0.1, 10.10.34.34 in Iran).
 */
const V4_BOGONS: [base: string, bits: number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

function v4ToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

export function isIpv4(ip: string): boolean {
  return v4ToInt(ip) !== undefined;
}

export function isBogon(ip: string): boolean {
  const value = v4ToInt(ip);
  if (value !== undefined) {
    return V4_BOGONS.some(([base, bits]) => {
      const size = 2 ** (32 - bits);
      const start = v4ToInt(base)!;
      return value >= start && value < start + size;
    });
  }
  const v6 = ip.toLowerCase();
  if (!v6.includes(':')) return false;
  return (
    v6 === '::' ||
    v6 === '::1' ||
    /^f[cd][0-9a-f]{0,2}:/.test(v6) || // fc00::/7 unique local
    /^fe[89ab][0-9a-f]?:/.test(v6) // fe80::/10 link-local
  );
}
