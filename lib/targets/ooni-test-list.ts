import { categoryFromCitizenLab, cleanCategoryCode } from './citizenlab-category';
import type { Target } from './types';
import { MAX_TARGETS } from './limits';
import { nameForUrl, normaliseTargetUrl } from './url';

/** The part of `fetch` this module uses; the real one fits, and a unit test passes a fake. */
export type FetchLike = (
  url: string,
  init: { signal?: AbortSignal; credentials: 'omit'; cache: 'no-store'; headers: Record<string, string> },
) => Promise<{ ok: boolean; status: number; statusText?: string; text(): Promise<string> }>;

export interface OoniTestListRequest {
  /** e.g. https://api.ooni.io (settings.ooniApiBase); a trailing slash is fine. */
  apiBase: string;
  /** ISO 3166-1 alpha-2 country, e.g. KZ. */
  probeCc: string;
  fetch: FetchLike;
  signal?: AbortSignal;
  /** How many URLs to ask for; OONI returns them most-needed first. */
  limit?: number;
  /** Only these Citizen Lab codes (e.g. ['NEWS', 'ANON']). */
  categoryCodes?: readonly string[];
}

export type OoniTestListResult =
  | { ok: true; targets: Target[]; skipped: number }
  | { ok: false; reason: 'network' | 'http-status' | 'bad-json' | 'bad-shape'; detail: string };

/**
 * A run tests every URL, so a long list costs minutes; 100 is about what OONI Probe itself asks
 * for in one run. The API's own default (limit=-1) is the whole list, over 2,000 for KZ.
 */
const DEFAULT_OONI_LIMIT = 100;

/**
 * Fetch OONI's prioritised test list for a country: GET {apiBase}/api/v1/test-list/urls
 * ?probe_cc=KZ&limit=N, which answers {metadata: {count, …}, results: [{url, category_code,
 * country_code}]} — the country's Citizen Lab list merged with the global one (country_code
 * "XX"). Source: ooni/backend, api/ooniapi/prio.py `list_test_urls`. Never throws; an entry
 * whose URL is not a usable http(s) URL is skipped and counted, not fatal.
 */
export async function fetchOoniTestList(request: OoniTestListRequest): Promise<OoniTestListResult> {
  const endpoint = testListEndpoint(request.apiBase);
  if (!endpoint)
    return { ok: false, reason: 'network', detail: `not a usable API address: ${request.apiBase}` };
  endpoint.searchParams.set('probe_cc', request.probeCc.trim().toUpperCase());
  // Never more than a run checks (lib/targets/limits.ts), whatever the caller asks for; the API
  // reads limit=-1 (or 0) as "the whole list".
  const limit = request.limit ?? DEFAULT_OONI_LIMIT;
  endpoint.searchParams.set('limit', String(limit > 0 ? Math.min(limit, MAX_TARGETS) : MAX_TARGETS));
  if (request.categoryCodes?.length)
    endpoint.searchParams.set('category_codes', request.categoryCodes.join(','));

  // Called unbound: the real fetch throws "Illegal invocation" when `this` is not the global.
  const { fetch } = request;
  let body: string;
  try {
    const response = await fetch(endpoint.href, {
      // Nothing identifying rides along: no cookies, no cached copy from before a block.
      credentials: 'omit',
      cache: 'no-store',
      headers: { accept: 'application/json' },
      ...(request.signal ? { signal: request.signal } : {}),
    });
    if (!response.ok) {
      const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
      return { ok: false, reason: 'http-status', detail: status };
    }
    body = await response.text();
  } catch (error) {
    return { ok: false, reason: 'network', detail: describe(error) };
  }

  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'bad-json', detail: `not JSON: ${body.slice(0, 80)}` };
  }
  const results = isRecord(json) ? json.results : undefined;
  if (!Array.isArray(results))
    return { ok: false, reason: 'bad-shape', detail: 'no "results" list in the answer' };

  return toTargets(results, request.probeCc.trim().toUpperCase());
}

/** {apiBase}/api/v1/test-list/urls, keeping any path prefix of apiBase; undefined unless http(s). */
function testListEndpoint(apiBase: string): URL | undefined {
  try {
    const url = new URL('api/v1/test-list/urls', apiBase.trim().replace(/\/*$/, '/'));
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

// The country's list comes merged with the global one, each entry saying which it is from
// (country_code: the country, or XX for global); the country's own hosts in its list are its
// domestic controls, as in a CSV import (lib/targets/citizenlab-category.ts).
function toTargets(results: unknown[], probeCc: string): OoniTestListResult {
  const targets: Target[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  for (const entry of results) {
    const normalised =
      isRecord(entry) && typeof entry.url === 'string' ? normaliseTargetUrl(entry.url) : undefined;
    // An API answering more than the limit asked for still yields no more than a run checks.
    if (!normalised?.ok || seen.has(normalised.url) || targets.length >= MAX_TARGETS) {
      skipped++;
      continue;
    }
    const url = normalised.url;
    seen.add(url);
    const categoryCode = cleanCategoryCode(
      isRecord(entry) && typeof entry.category_code === 'string' ? entry.category_code : undefined,
    );
    targets.push({
      id: url,
      url,
      name: nameForUrl(url),
      category: categoryFromCitizenLab(categoryCode, url, { country: listCountry(entry, probeCc) }),
      source: 'ooni',
      ...(categoryCode ? { categoryCode } : {}),
    });
  }
  return { ok: true, targets, skipped };
}

function listCountry(entry: unknown, probeCc: string): string | undefined {
  const code = isRecord(entry) ? entry.country_code : undefined;
  if (typeof code !== 'string') return probeCc;
  return /^[A-Z]{2}$/.test(code) && code !== 'XX' ? code : undefined;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.name === 'AbortError' ? 'aborted' : error.message || error.name;
  return String(error);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
