import { getDomain, parse } from 'tldts';

/**
 * Which of a kept page's images the library may fetch. An image on another site is
 * most often a tracker's pixel whose address carries an id, and fetching it tells that tracker
 * who kept which page; an image on a private or loopback address is a way for a page to make us
 * probe the user's own network (a router's admin page, a local service). So:
 *
 * - the image's registrable domain (public suffix list, via `tldts`) must be the page's own —
 *   `static.example.kz` for a page on `www.example.kz` — or one of a few image CDNs that
 *   serve many sites and set no cookies of the site's (CDN_SUFFIXES: Jetpack's `i0.wp.com`,
 *   Amazon CloudFront, Akamai, Fastly); a CDN host a site runs under its own name is "same site";
 * - never an IP literal in a private, loopback, link-local or reserved range, nor a name that only
 *   means something on a local network (`localhost`, `.local`, `.internal`, `.lan`, `.home.arpa`,
 *   a single label) — unless the page itself is on that same host (the lab: every site is a name
 *   under `lab.test` and resolves to 127.x, like Firefox's `network.trr.allow-rfc1918` the lab
 *   sets; a name is judged by its spelling, not its address).
 *
 * Limitation, said plainly: a public name whose DNS answer is private (rebinding) is not caught —
 * an extension's fetch cannot see the address before it connects. The same-site rule keeps that
 * to the page's own domain.
 */
const CDN_SUFFIXES: readonly string[] = ['wp.com', 'cloudfront.net', 'akamaized.net', 'fastly.net'];

const LOCAL_NAMES = /(^|\.)(localhost|local|internal|lan|intranet|home\.arpa|localdomain)$/i;

export type ImageHostVerdict = 'allowed' | 'other-site' | 'private-address' | 'not-http';

export function judgeImageHost(imageUrl: string, pageUrl: string): ImageHostVerdict {
  let image: URL;
  let page: URL;
  try {
    image = new URL(imageUrl);
    page = new URL(pageUrl);
  } catch {
    return 'not-http';
  }
  if (!/^https?:$/.test(image.protocol)) return 'not-http';
  const host = image.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (isPrivateHost(host) && host !== page.hostname.toLowerCase().replace(/^\[|\]$/g, ''))
    return 'private-address';
  if (isPrivateHost(host)) return 'allowed';
  const pageSite = siteOf(page.hostname);
  const imageSite = siteOf(host);
  if (pageSite && imageSite === pageSite) return 'allowed';
  if (CDN_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`))) return 'allowed';
  return 'other-site';
}

/** The registrable domain ("example.co.uk"); the host itself for an IP or a name with no public suffix. */
function siteOf(hostname: string): string {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (parse(host).isIp) return host;
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}

export function isPrivateHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (!host.includes('.') && !host.includes(':')) return true;
  if (LOCAL_NAMES.test(host)) return true;
  const v4 = ipv4Of(host);
  if (v4) return isPrivateV4(v4);
  if (host.includes(':')) return isPrivateV6(host);
  return false;
}

// RFC 6890 special-purpose ranges (the same list as lib/verdict/bogon.ts, kept here because the
// library must not reach into the verdict capability; the unit test checks both agree).
const V4_PRIVATE: [number, number, number][] = [
  [0, 0, 8],
  [10, 0, 8],
  [100, 64, 10],
  [127, 0, 8],
  [169, 254, 16],
  [172, 16, 12],
  [192, 0, 24],
  [192, 168, 16],
  [198, 18, 15],
  [224, 0, 4],
  [240, 0, 4],
];

function ipv4Of(host: string): number | undefined {
  // WHATWG URL parsing already turned 0x7f.1, 2130706433 and 127.1 into dotted quads.
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

function isPrivateV4(value: number): boolean {
  return V4_PRIVATE.some(([a, b, bits]) => {
    const start = (a * 256 + b) * 65536;
    return value >= start && value < start + 2 ** (32 - bits);
  });
}

function isPrivateV6(host: string): boolean {
  if (host === '::' || host === '::1') return true;
  // IPv4-mapped (::ffff:7f00:1 after URL parsing) and NAT64-free embeddings: judge the v4 part.
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (mapped) return isPrivateV4(parseInt(mapped[1]!, 16) * 65536 + parseInt(mapped[2]!, 16));
  return /^f[cd][0-9a-f]{0,2}:/.test(host) || /^fe[89ab][0-9a-f]?:/.test(host);
}
