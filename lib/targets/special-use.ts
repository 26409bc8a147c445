import { isBogon, isIpv4 } from '../verdict';

/**
 * Names and addresses Vantage never checks, never sends to any resolver and never stores: they
 * point into the user's own network or to a hidden service, so asking a public DoH resolver about
 * one tells that resolver (and whoever reads its logs) which hidden service or which home/office
 * machine the user tried to open. Issue #12.
 *
 * Suffixes (the list is data; a name matches a suffix or any name under it):
 *   onion     — RFC 7686 §2: software that does not speak Tor MUST NOT send these to DNS.
 *   local     — RFC 6762 §3: multicast DNS on the local link only, never unicast DNS.
 *   localhost — RFC 6761 §6.3: the machine itself.
 *   home.arpa — RFC 8375: names in a home network.
 *   internal  — ICANN board resolution 2024-07-29: reserved for private use, never delegated.
 *   alt       — RFC 9476: not DNS at all (GNS, I2P …); resolvers must not be asked.
 *   i2p, exit — I2P and Tor names still written without .alt (.exit is Tor's exit-node syntax).
 *   lan, home, corp, intranet, private, localdomain — names home routers and companies give
 *             their machines; none is a delegated top-level domain (ICANN deferred .home and
 *             .corp indefinitely in 2018, name-collision framework), so a public resolver can
 *             only log them.
 *
 * Deliberately NOT here: .test, .example and .invalid (RFC 6761 §6.2, §6.4, §6.5). They identify
 * nothing of the user's; RFC 6761 says application software should not treat .test or .example
 * as special, and the censor lab names its sites *.lab.test so that tests exercise the same code
 * path as a real domain (its resolvers are lab servers set in the settings, never public ones).
 *
 * Single-label names ("router", "nas") are intranet names too; IP literals in private, loopback,
 * link-local, CGNAT and other non-public ranges (lib/verdict/bogon.ts) address the user's own
 * network.
 */
const SPECIAL_USE_SUFFIXES: readonly string[] = [
  'onion',
  'local',
  'localhost',
  'home.arpa',
  'internal',
  'alt',
  'i2p',
  'exit',
  'lan',
  'home',
  'corp',
  'intranet',
  'private',
  'localdomain',
];

/** Why a host is special-use, or undefined for a public name. */
export type SpecialUse = 'onion' | 'local-name' | 'private-address';

/** Is `host` (a URL hostname or a bare name, any case, IPv6 bracketed or not) special-use? */
export function specialUseOf(host: string): SpecialUse | undefined {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (!name) return undefined;
  if (name.includes(':')) return isPrivateV6(name) ? 'private-address' : undefined;
  if (isIpv4(name)) return isBogon(name) ? 'private-address' : undefined;
  // A WHATWG URL parser turns "http://10.1/" or "http://0x7f.1/" into dotted quads, but a bare
  // name from elsewhere may still be such a shorthand: all digits and dots is never a domain.
  if (/^[0-9.]+$/.test(name)) return 'private-address';
  if (!name.includes('.')) return 'local-name';
  const suffix = SPECIAL_USE_SUFFIXES.find((s) => name === s || name.endsWith(`.${s}`));
  if (!suffix) return undefined;
  return suffix === 'onion' ? 'onion' : 'local-name';
}

/** The host of an http(s) URL is special-use (an unreadable URL is not, it is simply invalid). */
export function isSpecialUseUrl(url: string): boolean {
  try {
    return specialUseOf(new URL(url).hostname) !== undefined;
  } catch {
    return false;
  }
}

function isPrivateV6(v6: string): boolean {
  // IPv4-mapped (::ffff:a.b.c.d, or as the URL parser writes it, ::ffff:a00:1).
  const mapped = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/.exec(v6);
  if (mapped) {
    const v4 =
      mapped[1] ??
      [parseInt(mapped[2]!, 16), parseInt(mapped[3]!, 16)]
        .flatMap((word) => [word >> 8, word & 255])
        .join('.');
    return isBogon(v4);
  }
  return isBogon(v6);
}
