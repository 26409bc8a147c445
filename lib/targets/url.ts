import { specialUseOf } from './special-use';
import type { Target } from './types';

/** Why a string cannot be a target; `detail` says it in words a user can act on. */
export type UrlProblem = 'empty' | 'invalid-url' | 'not-http' | 'invalid-host' | 'special-use';

export type NormalisedUrl = { ok: true; url: string } | { ok: false; reason: UrlProblem; detail: string };

// A scheme is letters then ':' — but "example.com:8080" is a host and port, not the scheme
// "example.com", so a colon followed by a digit does not count.
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:(?!\d)/i;

/**
 * The one spelling of a URL that Vantage stores and uses as a target's id, so the same site typed
 * twice ("Vlast.kz", "https://vlast.kz/#top") is one target. Lower-cases the host (URL does),
 * assumes https when no scheme is given (what a user typing a bare domain means, and what the
 * censor sees least of), and drops the fragment, which never reaches the network. Credentials are
 * dropped too: a target may be contributed to OONI and must never carry a password.
 */
export function normaliseTargetUrl(input: string): NormalisedUrl {
  const text = input.trim();
  if (!text) return { ok: false, reason: 'empty', detail: 'empty URL' };

  let url: URL;
  try {
    url = new URL(HAS_SCHEME.test(text) ? text : `https://${text}`);
  } catch {
    return { ok: false, reason: 'invalid-url', detail: `not a valid URL: ${quote(text)}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      ok: false,
      reason: 'not-http',
      detail: `only http and https URLs can be tested, not ${url.protocol} (${quote(text)})`,
    };
  }

  // "example.com." and "example.com" are the same name; keep one spelling.
  if (url.hostname.endsWith('.')) url.hostname = url.hostname.slice(0, -1);
  if (!isFullHost(url.hostname)) {
    return { ok: false, reason: 'invalid-host', detail: `${quote(url.hostname)} is not a full domain name` };
  }
  // Checking it would send the name to public DoH resolvers (lib/targets/special-use.ts).
  if (specialUseOf(url.hostname)) {
    return {
      ok: false,
      reason: 'special-use',
      detail: `${quote(url.hostname)} is a local, private or onion address; Vantage does not check those`,
    };
  }

  url.hash = '';
  url.username = '';
  url.password = '';
  return { ok: true, url: url.href };
}

/** The host a target points at ("" if its URL is unreadable, e.g. a hand-edited settings file). */
export function hostOf(target: Pick<Target, 'url'>): string {
  try {
    return new URL(target.url).hostname;
  } catch {
    return '';
  }
}

/**
 * A readable name for a URL when nobody gave one: the host without "www.", plus the path when it
 * is not the home page, so bbc.com/russian and bbc.com stay distinguishable in a list.
 */
export function nameForUrl(url: string): string {
  try {
    const { hostname, pathname } = new URL(url);
    const host = hostname.replace(/^www\./, '');
    const path = pathname.replace(/\/+$/, '');
    return path ? `${host}${path}` : host;
  } catch {
    return url;
  }
}

// A single label ("facebook") is almost always a typo for a domain. IP literals and localhost pass
// this shape check; whether they may be checked at all is special-use.ts's call (they may not).
function isFullHost(hostname: string): boolean {
  // Chromium's URL parser lets a space or other odd characters into a host ("exa mple.com"
  // becomes "exa%20mple.com") where Node and Firefox refuse it; after parsing, a real host is
  // letters, digits, '-', '_' and dots (IDNs are punycode by then), or a bracketed IPv6 literal.
  if (!/^[a-z0-9._-]+$/.test(hostname) && !/^\[[0-9a-f:.]+\]$/.test(hostname)) return false;
  return hostname.includes('.') || hostname.startsWith('[') || hostname === 'localhost';
}

function quote(text: string): string {
  const short = text.length > 80 ? `${text.slice(0, 77)}...` : text;
  return JSON.stringify(short);
}
