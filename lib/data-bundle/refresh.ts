import { type KeyValueStore, safeAlternativeUrl } from '../advice';
import { MAX_BUNDLE_BYTES, type InstalledBundle } from './format';
import { DATA_BUNDLE_KEY, loadInstalledBundle } from './store';
import { verifyBundle, type BundleRefusal } from './verify';

/**
 * Ask the endpoints in turn, in the user's order, and install the first bundle that is signed by
 * a pinned key and newer than the installed one. Censor Tracker does the same with seven config
 * URLs because any single one gets blocked (issue #16). An endpoint that is down, answers
 * garbage, a forgery or an old bundle is skipped, and the next one is asked; if none has anything
 * better the installed bundle stays exactly as it was — a refresh can only move forward.
 */
export type AttemptReason = BundleRefusal | 'not-https' | 'network' | 'http-status';

export interface Attempt {
  url: string;
  reason: AttemptReason;
  detail: string;
}

export type BundleRefresh =
  | { outcome: 'updated'; version: number; source: string; attempts: Attempt[] }
  /** Nothing newer anywhere; `version` is what stays installed (0: none). */
  | { outcome: 'current' | 'failed'; version: number; attempts: Attempt[] }
  | { outcome: 'no-endpoints' | 'no-key'; version: number; attempts: [] };

export interface RefreshOptions {
  endpoints: readonly string[];
  pinnedKeys: readonly string[];
  store: KeyValueStore;
  fetcher?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
}

export async function refreshBundle(options: RefreshOptions): Promise<BundleRefresh> {
  const { endpoints, pinnedKeys, store, fetcher = fetch, now = Date.now, timeoutMs = 20_000 } = options;
  const installed = await loadInstalledBundle(store);
  const installedVersion = installed?.version ?? 0;
  if (endpoints.length === 0) return { outcome: 'no-endpoints', version: installedVersion, attempts: [] };
  // Without a key nothing could be verified: do not even ask (a request that cannot help still
  // tells the network who is asking).
  if (pinnedKeys.length === 0) return { outcome: 'no-key', version: installedVersion, attempts: [] };
  const attempts: Attempt[] = [];
  for (const endpoint of endpoints) {
    const url = safeAlternativeUrl(endpoint);
    if (!url || url.protocol !== 'https:') {
      attempts.push({ url: endpoint, reason: 'not-https', detail: 'only https: addresses are asked' });
      continue;
    }
    const body = await fetchCapped(url.href, fetcher, timeoutMs);
    if (!body.ok) {
      attempts.push({ url: url.href, reason: body.reason, detail: body.detail });
      continue;
    }
    const check = await verifyBundle(body.bytes, pinnedKeys, installedVersion);
    if (!check.ok) {
      attempts.push({ url: url.href, reason: check.reason, detail: check.detail });
      continue;
    }
    const taken: InstalledBundle = {
      version: check.version,
      createdAt: check.createdAt,
      source: url.href,
      installedAt: now(),
      ...(check.mirrors ? { mirrors: check.mirrors } : {}),
      ...(check.fingerprints ? { fingerprints: check.fingerprints } : {}),
      ...(check.packs ? { packs: check.packs } : {}),
      ...(check.advice ? { advice: check.advice } : {}),
    };
    await store.set({ [DATA_BUNDLE_KEY]: taken });
    return { outcome: 'updated', version: check.version, source: url.href, attempts };
  }
  const upToDate = attempts.some((attempt) => attempt.reason === 'same');
  return { outcome: upToDate ? 'current' : 'failed', version: installedVersion, attempts };
}

type Fetched =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: 'network' | 'http-status' | 'too-large'; detail: string };

async function fetchCapped(url: string, fetcher: typeof fetch, timeoutMs: number): Promise<Fetched> {
  try {
    // No cookies, no cache (an old copy would look like a replay), no redirects (an endpoint
    // is the address the user listed, not wherever a network on the path sends us).
    const response = await fetcher(url, {
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) return { ok: false, reason: 'http-status', detail: `HTTP ${response.status}` };
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > MAX_BUNDLE_BYTES) {
      return { ok: false, reason: 'too-large', detail: `content-length ${declared} > ${MAX_BUNDLE_BYTES}` };
    }
    const bytes = await readCapped(response, MAX_BUNDLE_BYTES);
    if (!bytes) return { ok: false, reason: 'too-large', detail: `body over ${MAX_BUNDLE_BYTES} bytes` };
    return { ok: true, bytes };
  } catch (error) {
    return { ok: false, reason: 'network', detail: String(error) };
  }
}

/** The body's bytes, or undefined once it passes `cap` (read no further than that). */
async function readCapped(response: Response, cap: number): Promise<Uint8Array | undefined> {
  if (!response.body) {
    const all = new Uint8Array(await response.arrayBuffer());
    return all.byteLength > cap ? undefined : all;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return all;
}
