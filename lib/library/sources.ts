import type { Database, SourceRecord } from '../db';
import { getPack } from '../targets';
import { fail, type LibraryFailure } from './failure';
import { articleIdFor } from './store';

/**
 * The library's sources: feeds and "important pages". The default set for a region is the news
 * sites of its target pack (lib/targets) — the sites people need when blocking starts. We list
 * the sites, not guessed feed addresses: the first refresh finds each site's feed from its own
 * `<link rel="alternate">` (refresh.ts), so nothing here can go stale or be invented.
 */
const DEFAULTS_SEEDED_KEY = 'defaultSourcesSeeded';

export function defaultSources(packId: string, now: number): Omit<SourceRecord, 'id'>[] {
  const pack = getPack(packId);
  if (!pack) return [];
  return pack.targets
    .filter((target) => target.category === 'news')
    .map((target) => ({
      kind: 'feed' as const,
      url: target.url,
      title: target.name,
      siteUrl: target.url,
      addedAt: now,
    }));
}

/** Seed the region's defaults once per library; a user who removes one does not get it back. */
export async function seedDefaultSources(db: Database, packId: string, now: number): Promise<number> {
  if (await db.get('libraryMeta', DEFAULTS_SEEDED_KEY)) return 0;
  let added = 0;
  for (const source of defaultSources(packId, now)) {
    const result = await addSource(db, source);
    if (result.ok && result.added) added++;
  }
  await db.put('libraryMeta', { key: DEFAULTS_SEEDED_KEY, value: { packId, at: now } });
  return added;
}

export type AddSourceResult = { ok: true; source: SourceRecord; added: boolean } | LibraryFailure;

export async function addSource(
  db: Database,
  input: { url: string; kind: SourceRecord['kind']; title?: string; siteUrl?: string; addedAt?: number },
): Promise<AddSourceResult> {
  let url: URL;
  try {
    url = new URL(input.url.trim());
  } catch {
    return fail('bad-url', input.url.slice(0, 200));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail('bad-url', url.protocol);
  if (input.kind !== 'feed' && input.kind !== 'page') return fail('invalid', 'kind');
  url.hash = '';
  const id = await sourceIdFor(url.href);
  const existing = await db.get('sources', id);
  if (existing) return { ok: true, source: existing, added: false };
  const source: SourceRecord = {
    id,
    kind: input.kind,
    url: url.href,
    title: input.title?.trim().slice(0, 200) || url.hostname,
    ...(input.siteUrl ? { siteUrl: input.siteUrl } : {}),
    addedAt: input.addedAt ?? Date.now(),
  };
  await db.put('sources', source);
  return { ok: true, source, added: true };
}

/** Remove a source; its articles stay in the library (they are the user's, and may be pinned). */
export async function removeSource(db: Database, id: string): Promise<boolean> {
  const tx = db.transaction('sources', 'readwrite');
  const existing = await tx.store.get(id);
  if (existing) await tx.store.delete(id);
  await tx.done;
  return existing !== undefined;
}

const sourceIdFor = async (url: string) => `src-${await articleIdFor(url)}`;
