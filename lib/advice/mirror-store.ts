import { readCapped } from '../net';
import {
  isMirrorList,
  MAX_MIRROR_LIST_BYTES,
  parseMirrorList,
  safeAlternativeUrl,
  type MirrorList,
  type MirrorParse,
} from './mirrors';

/**
 * Where the mirror list lives at run time: the copy bundled with the extension
 * (data/mirrors/mirrorSites.json, emitted as an asset and fetched only when a blocked site needs
 * it, so it costs the popup no JavaScript), replaced by a refreshed copy in storage.local once a
 * refresh from the configured URL (settings.advice.mirrorsUrl) has succeeded.
 */
export const MIRRORS_KEY = 'adviceMirrors';

export interface StoredMirrors {
  list: MirrorList;
  fetchedAt: number;
  url: string;
  siteCount: number;
}

/** The slice of browser.storage.local this module needs (a fake in unit tests). */
export interface KeyValueStore {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** The part of an installed data bundle (lib/data-bundle) the mirror list is taken from. */
export interface SignedMirrors {
  mirrors?: MirrorList;
  installedAt: number;
}

export type RefreshResult =
  | { ok: true; siteCount: number; rejected: number; fetchedAt: number }
  | {
      ok: false;
      reason:
        'no-url' | 'not-https' | 'network' | 'http-status' | Extract<MirrorParse, { ok: false }>['reason'];
      detail: string;
    };

/**
 * Fetch the configured list, check it, and store it. On any failure the previous list (or the
 * bundled one) stays in use: a refresh can only add, never leave the user with nothing.
 */
export async function refreshMirrors(
  url: string,
  store: KeyValueStore,
  fetcher: typeof fetch = fetch,
  now: () => number = Date.now,
  timeoutMs = 20_000,
): Promise<RefreshResult> {
  if (!url) return { ok: false, reason: 'no-url', detail: 'no mirror-list URL configured' };
  const parsedUrl = safeAlternativeUrl(url);
  if (!parsedUrl || parsedUrl.protocol !== 'https:') {
    return { ok: false, reason: 'not-https', detail: `refusing ${url}: only https: is allowed` };
  }
  let text: string;
  try {
    const response = await fetcher(parsedUrl.href, {
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) return { ok: false, reason: 'http-status', detail: `HTTP ${response.status}` };
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > MAX_MIRROR_LIST_BYTES) {
      return { ok: false, reason: 'too-large', detail: `content-length ${declared}` };
    }
    const body = await readText(response, MAX_MIRROR_LIST_BYTES);
    if (body === undefined) {
      return { ok: false, reason: 'too-large', detail: `body over ${MAX_MIRROR_LIST_BYTES} bytes` };
    }
    text = body;
  } catch (error) {
    return { ok: false, reason: 'network', detail: String(error) };
  }
  const parsed = parseMirrorList(text);
  if (!parsed.ok) return parsed;
  const fetchedAt = now();
  const stored: StoredMirrors = {
    list: parsed.list,
    fetchedAt,
    url: parsedUrl.href,
    siteCount: parsed.siteCount,
  };
  await store.set({ [MIRRORS_KEY]: stored });
  return { ok: true, siteCount: parsed.siteCount, rejected: parsed.rejected, fetchedAt };
}

/** The body as text, or undefined once it passes `cap` bytes (read no further than that). */
async function readText(response: Response, cap: number): Promise<string | undefined> {
  if (!response.body) {
    const text = await response.text();
    return new TextEncoder().encode(text).length > cap ? undefined : text;
  }
  const read = await readCapped(response.body, cap);
  if (read.overCap) return undefined;
  // A stream broken mid-way is a network failure for the caller to report.
  if (read.error !== undefined) throw read.error;
  return new TextDecoder().decode(read.bytes);
}

/**
 * The list to use now. A signed data bundle's list (lib/data-bundle) comes first, on top of the
 * list packaged with the extension: the packaged one is the floor, so a site the bundle does not
 * name keeps its packaged alternatives. Without a bundle: the refreshed copy when there is a valid
 * one, else the packaged file. `loadBundled` returns the packaged file's text (a fetch of the asset);
 * `loadSigned` is lib/data-bundle's `loadInstalledBundle`, passed in because the data bundle
 * depends on the mirror-list format here, not the other way round.
 */
export async function loadMirrorList(
  store: KeyValueStore,
  loadBundled: () => Promise<string>,
  loadSigned: (store: KeyValueStore) => Promise<SignedMirrors | undefined>,
): Promise<{ list: MirrorList; source: 'data-bundle' | 'refreshed' | 'bundled'; fetchedAt?: number }> {
  const signed = await loadSigned(store);
  if (signed?.mirrors) {
    const floor = await packagedList(loadBundled);
    return {
      list: { sites: { ...floor.sites, ...signed.mirrors.sites } },
      source: 'data-bundle',
      fetchedAt: signed.installedAt,
    };
  }
  const stored = (await store.get(MIRRORS_KEY))[MIRRORS_KEY] as Partial<StoredMirrors> | undefined;
  if (stored && isMirrorList(stored.list) && typeof stored.fetchedAt === 'number') {
    return { list: stored.list, source: 'refreshed', fetchedAt: stored.fetchedAt };
  }
  return { list: await packagedList(loadBundled), source: 'bundled' };
}

async function packagedList(loadBundled: () => Promise<string>): Promise<MirrorList> {
  const bundled = parseMirrorList(await loadBundled());
  // The bundled file is checked by a unit test; an empty list here would mean a broken build.
  return bundled.ok ? bundled.list : { sites: {} };
}
