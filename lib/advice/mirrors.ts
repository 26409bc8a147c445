/**
 * Alternative addresses for blocked media: official mirrors and onion addresses from the
 * bypass-mirrors list (data/mirrors, OpenTechFund/bypass-mirrors, format v2), plus the web
 * archives as a last resort. Pure: the list comes in as text, whoever fetched it.
 *
 * A refreshed list comes from a URL the user (or a preset file) configured: it is untrusted.
 * It is size-capped, schema-checked entry by entry, and only https: addresses and .onion
 * addresses survive — never javascript:, data:, or plain http to the open web.
 */

export interface Alternative {
  url: string;
  /** 'mirror': an https copy on another domain (CDN); 'onion': needs Tor Browser; 'ipfs': a gateway URL. */
  kind: 'mirror' | 'onion' | 'ipfs';
  /** When the list's maintainers last updated it (as given; informative only). */
  updated?: string;
}

export interface MirrorList {
  /** main_domain (lower case, without "www.") → its alternatives, mirrors before onions. */
  sites: Record<string, Alternative[]>;
}

export type MirrorParse =
  | { ok: true; list: MirrorList; siteCount: number; rejected: number }
  | { ok: false; reason: 'too-large' | 'not-json' | 'bad-shape' | 'no-usable-sites'; detail: string };

/** Upstream's file is ~85 KB for 165 sites; 2 MB leaves room to grow and stops a hostile giant. */
export const MAX_MIRROR_LIST_BYTES = 2 * 1024 * 1024;
const MAX_SITES = 5_000;
const MAX_ALTERNATIVES_PER_SITE = 20;
const MAX_URL_LENGTH = 2_048;

const HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

/** Lower case, no trailing dot, no leading "www." — how both the list and a tab's host are compared. */
function normalizeHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^www\./, '');
}

/** Only https: (any host) and http:/https: to a .onion host (Tor encrypts end to end). */
export function safeAlternativeUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.username || url.password) return undefined;
  const onion = url.hostname.endsWith('.onion');
  if (url.protocol === 'https:' && HOST.test(url.hostname)) return url;
  if (url.protocol === 'http:' && onion && HOST.test(url.hostname)) return url;
  return undefined;
}

function alternativeFrom(raw: unknown): Alternative | undefined {
  if (!isRecord(raw)) return undefined;
  const url = safeAlternativeUrl(raw.url);
  if (!url) return undefined;
  const onion = url.hostname.endsWith('.onion');
  const kind: Alternative['kind'] = onion ? 'onion' : raw.type === 'ipfs' ? 'ipfs' : 'mirror';
  // Upstream's types are mirror, eotk (onion) and ipfs; anything else is not ours to guess at.
  if (!['mirror', 'eotk', 'ipfs'].includes(String(raw.type))) return undefined;
  const updated = typeof raw.updated_at === 'string' ? raw.updated_at.slice(0, 10) : undefined;
  return { url: url.href, kind, ...(updated && /^\d{4}-\d\d-\d\d$/.test(updated) ? { updated } : {}) };
}

const KIND_ORDER: Record<Alternative['kind'], number> = { mirror: 0, ipfs: 1, onion: 2 };

/**
 * Parse a bypass-mirrors v2 file (`{sites: [{main_domain, available_alternatives: [...]}]}`).
 * Bad entries are dropped and counted; the whole list is refused only when it is not a list at
 * all or nothing usable is left, so one malformed row never costs the other 164.
 */
export function parseMirrorList(text: string, maxBytes = MAX_MIRROR_LIST_BYTES): MirrorParse {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > maxBytes) return { ok: false, reason: 'too-large', detail: `${bytes} bytes > ${maxBytes}` };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: 'not-json', detail: String(error) };
  }
  if (!isRecord(raw) || !Array.isArray(raw.sites)) {
    return { ok: false, reason: 'bad-shape', detail: 'expected an object with a "sites" array' };
  }
  if (raw.sites.length > MAX_SITES) {
    return { ok: false, reason: 'too-large', detail: `${raw.sites.length} sites > ${MAX_SITES}` };
  }
  const sites: Record<string, Alternative[]> = Object.create(null) as Record<string, Alternative[]>;
  let rejected = 0;
  for (const site of raw.sites) {
    const domain =
      isRecord(site) && typeof site.main_domain === 'string' ? normalizeHost(site.main_domain) : '';
    if (!HOST.test(domain) || !isRecord(site) || !Array.isArray(site.available_alternatives)) {
      rejected++;
      continue;
    }
    const alternatives: Alternative[] = [];
    for (const entry of site.available_alternatives.slice(0, MAX_ALTERNATIVES_PER_SITE)) {
      const alternative = alternativeFrom(entry);
      if (!alternative) rejected++;
      else if (!alternatives.some((a) => a.url === alternative.url)) alternatives.push(alternative);
    }
    if (alternatives.length === 0) continue;
    alternatives.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
    sites[domain] = [...(sites[domain] ?? []), ...alternatives];
  }
  const siteCount = Object.keys(sites).length;
  if (siteCount === 0) {
    return { ok: false, reason: 'no-usable-sites', detail: `${rejected} entries rejected, none usable` };
  }
  return { ok: true, list: { sites }, siteCount, rejected };
}

/** True for a value that has MirrorList's shape (a stored copy read back from storage). */
export function isMirrorList(value: unknown): value is MirrorList {
  if (!isRecord(value) || !isRecord(value.sites)) return false;
  return Object.values(value.sites).every(
    (alternatives) =>
      Array.isArray(alternatives) &&
      alternatives.every((a) => isRecord(a) && safeAlternativeUrl(a.url) !== undefined),
  );
}

/**
 * The alternatives for a host: its own entry first (en.currenttime.tv has one of its own), then
 * its parent domains (news.bbc.com → bbc.com), stopping before the bare top-level domain.
 */
export function findAlternatives(
  list: MirrorList,
  host: string,
): { domain: string; alternatives: Alternative[] } | undefined {
  const labels = normalizeHost(host).split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const domain = labels.slice(i).join('.');
    const alternatives = Object.hasOwn(list.sites, domain) ? list.sites[domain] : undefined;
    if (alternatives?.length) return { domain, alternatives };
  }
  return undefined;
}

/**
 * The web archives, for any page: the Wayback Machine's latest capture
 * (https://web.archive.org/web/<url> redirects to the newest snapshot — Internet Archive,
 * "Using the Wayback Machine", https://help.archive.org/help/using-the-wayback-machine/) and
 * archive.today's newest copy (https://archive.ph/newest/<url>, its timegate — archive.today FAQ).
 * Both are themselves blocked in several countries, which the UI says.
 */
export function archiveLinks(pageUrl: string): { wayback: string; archiveToday: string } {
  return {
    wayback: `https://web.archive.org/web/${pageUrl}`,
    archiveToday: `https://archive.ph/newest/${pageUrl}`,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
