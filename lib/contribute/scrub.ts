/**
 * The second defence (the first is lib/contribute/allow-list.ts, which sends no free text): when
 * the device's own public address is known, remove it from a measurement in every spelling a
 * page, a URL or a header could give it — dotted, dashed, underscored, percent-encoded, reversed
 * (in-addr.arpa), decimal, IPv4-mapped IPv6, expanded or compressed IPv6 in any letter case, and
 * any address of the same IPv6 /64 (the interface id changes; the prefix is the subscriber's).
 * Candidates are parsed and compared as numbers, so no spelling has to be listed by hand.
 */
export const SCRUBBED = '[scrubbed]';

/** A device address as numbers: IPv4 as one uint32, IPv6 as its first 64 bits (hex). */
interface Known {
  v4: Set<number>;
  v6prefix: Set<string>;
}

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseV4(text: string): number | undefined {
  const m = V4.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

/** Eight 16-bit groups, or undefined. Accepts "::", an embedded IPv4 tail and any case. */
function parseV6(text: string): number[] | undefined {
  let s = text.toLowerCase();
  const tail = /(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(s);
  if (tail) {
    const v4 = parseV4(tail[1]!);
    if (v4 === undefined) return undefined;
    s = s.slice(0, -tail[1]!.length) + `${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string) => (part ? part.split(':') : []);
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (all.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return all.map((g) => parseInt(g, 16));
}

const isMappedV4 = (g: number[]) => g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff;
const prefix64 = (g: number[]) =>
  g
    .slice(0, 4)
    .map((x) => x.toString(16))
    .join(':');

function isLocal(v4: number): boolean {
  const first = v4 >>> 24;
  return first === 127 || first === 0;
}

/** The addresses worth scrubbing: real public ones, never loopback (OONI's probe_ip placeholder). */
function known(ips: readonly (string | undefined)[]): Known {
  const out: Known = { v4: new Set(), v6prefix: new Set() };
  for (const raw of ips) {
    const ip = raw?.trim();
    if (!ip) continue;
    const v4 = parseV4(ip);
    if (v4 !== undefined) {
      if (!isLocal(v4)) out.v4.add(v4);
      continue;
    }
    const v6 = ip.includes(':') ? parseV6(ip) : undefined;
    if (!v6) continue;
    if (isMappedV4(v6)) {
      const mapped = ((v6[6]! << 16) >>> 0) + v6[7]!;
      if (!isLocal(mapped)) out.v4.add(mapped);
    } else if (!v6.slice(0, 7).every((x) => x === 0)) out.v6prefix.add(prefix64(v6));
  }
  return out;
}

/** The addresses scrubText would act on, normalised (for tests and the docs' examples). */
export function scrubbableIps(ips: readonly (string | undefined)[]): string[] {
  const k = known(ips);
  return [
    ...[...k.v4].map((n) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')),
    ...[...k.v6prefix].map((p) => `${p}::/64`),
  ];
}

// A dotted quad with one consistent separator: "." "-" "_" or a percent-encoded dot.
const V4_ANY = /(?<![\d.])(\d{1,3})(\.|-|_|%2e)(\d{1,3})\2(\d{1,3})\2(\d{1,3})(?![\d]|\.\d)/gi;
// Hex groups and colons (or percent-encoded colons), with an optional IPv4 tail.
const V6_ANY =
  /(?<![0-9a-f:%])(?:[0-9a-f]{0,4}(?::|%3a)){2,7}(?:[0-9a-f]{1,4}|\d{1,3}(?:\.\d{1,3}){3})?(?![0-9a-f:])/gi;
const DECIMAL = /(?<!\d)\d{7,10}(?!\d)/g;

function scrubWith(text: string, k: Known): string {
  if (k.v4.size === 0 && k.v6prefix.size === 0) return text;
  let out = text.replace(V6_ANY, (candidate) => {
    const g = parseV6(candidate.replace(/%3a/gi, ':'));
    if (!g) return candidate;
    if (isMappedV4(g)) return k.v4.has(((g[6]! << 16) >>> 0) + g[7]!) ? SCRUBBED : candidate;
    return k.v6prefix.has(prefix64(g)) ? SCRUBBED : candidate;
  });
  out = out.replace(V4_ANY, (candidate, a: string, _sep: string, b: string, c: string, d: string) => {
    const parts = [a, b, c, d].map(Number);
    if (parts.some((p) => p > 255)) return candidate;
    const forward = ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
    const reversed = ((parts[3]! << 24) >>> 0) + (parts[2]! << 16) + (parts[1]! << 8) + parts[0]!;
    return k.v4.has(forward) || k.v4.has(reversed) ? SCRUBBED : candidate;
  });
  return out.replace(DECIMAL, (candidate) => (k.v4.has(Number(candidate)) ? SCRUBBED : candidate));
}

/** Every spelling of each known address replaced by SCRUBBED. */
export function scrubText(text: string, ips: readonly (string | undefined)[]): string {
  return scrubWith(text, known(ips));
}

/**
 * A JSON value with every spelling of the addresses replaced in its strings and keys; a number
 * equal to an address's decimal form becomes null. `changed` says whether anything was.
 */
export function scrubJson<T>(value: T, ips: readonly (string | undefined)[]): { value: T; changed: boolean } {
  const k = known(ips);
  let changed = false;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const s = scrubWith(v, k);
      if (s !== v) changed = true;
      return s;
    }
    if (typeof v === 'number') {
      if (k.v4.has(v)) return ((changed = true), null);
      return v;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([key, inner]) => [walk(key) as string, walk(inner)]));
    }
    return v;
  };
  const result = walk(value);
  return changed ? { value: result as T, changed } : { value, changed };
}
