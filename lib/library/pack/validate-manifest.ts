import {
  LEGACY_PACK_VERSION,
  PACK_FORMAT,
  PACK_LIMITS,
  PACK_VERSION,
  type PackArticleMeta,
  type PackManifest,
} from './format';

/**
 * Check a manifest from a file someone else made. Every field is checked for type and size;
 * an article with a bad field is rejected alone (with the reason), a manifest of the wrong shape
 * or version as a whole. Pure.
 */
export type ManifestCheck =
  | { ok: true; manifest: PackManifest; rejected: { title?: string; reason: string }[] }
  | { ok: false; reason: 'not-a-pack' | 'wrong-version' | 'malformed'; detail: string };

export function validateManifest(raw: unknown): ManifestCheck {
  if (!isObject(raw) || raw.format !== PACK_FORMAT)
    return { ok: false, reason: 'not-a-pack', detail: 'format' };
  if (raw.version !== PACK_VERSION && raw.version !== LEGACY_PACK_VERSION)
    return { ok: false, reason: 'wrong-version', detail: String(raw.version).slice(0, 20) };
  if (!Array.isArray(raw.articles)) return { ok: false, reason: 'malformed', detail: 'articles' };
  if (raw.articles.length > PACK_LIMITS.articles)
    return { ok: false, reason: 'malformed', detail: `more than ${PACK_LIMITS.articles} articles` };
  const articles: PackArticleMeta[] = [];
  const rejected: { title?: string; reason: string }[] = [];
  const keys = new Set<string>();
  for (const entry of raw.articles) {
    const checked = checkArticle(entry);
    if (typeof checked === 'string') {
      const title =
        isObject(entry) && typeof entry.title === 'string' ? entry.title.slice(0, 200) : undefined;
      rejected.push({ ...(title ? { title } : {}), reason: checked });
    } else if (keys.has(checked.key)) {
      rejected.push({ title: checked.title, reason: 'duplicate key in the pack' });
    } else {
      keys.add(checked.key);
      articles.push(checked);
    }
  }
  const createdAt = typeof raw.createdAt === 'number' && Number.isFinite(raw.createdAt) ? raw.createdAt : 0;
  return {
    ok: true,
    manifest: { format: PACK_FORMAT, version: raw.version, createdAt, articles },
    rejected,
  };
}

function checkArticle(entry: unknown): PackArticleMeta | string {
  if (!isObject(entry)) return 'not an object';
  const { key, url, canonicalUrl, title, byline, siteName, language, dir, publishedAt, fetchedAt } = entry;
  if (typeof key !== 'string' || !/^[\w-]{1,64}$/.test(key)) return 'bad key';
  if (!isWebUrl(url)) return 'address is not http(s)';
  if (!isWebUrl(canonicalUrl)) return 'canonical address is not http(s)';
  if (typeof title !== 'string' || !title.trim() || title.length > PACK_LIMITS.titleChars) return 'bad title';
  for (const [name, value] of Object.entries({ byline, siteName, language }))
    if (value !== undefined && (typeof value !== 'string' || value.length > PACK_LIMITS.fieldChars))
      return `bad ${name}`;
  if (language !== undefined && !/^[a-zA-Z]{2,3}(-[\w]{1,8})*$/.test(language as string))
    return 'bad language';
  if (dir !== undefined && dir !== 'ltr' && dir !== 'rtl') return 'bad dir';
  if (publishedAt !== undefined && !isTime(publishedAt)) return 'bad publishedAt';
  if (!isTime(fetchedAt)) return 'bad fetchedAt';
  return {
    key,
    url: url as string,
    canonicalUrl: canonicalUrl as string,
    title: title.trim(),
    ...(byline ? { byline: byline as string } : {}),
    ...(siteName ? { siteName: siteName as string } : {}),
    ...(language ? { language: language as string } : {}),
    ...(dir ? { dir: dir as 'ltr' | 'rtl' } : {}),
    ...(publishedAt !== undefined ? { publishedAt: publishedAt as number } : {}),
    fetchedAt: fetchedAt as number,
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isTime = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value < 8.64e15;

function isWebUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > PACK_LIMITS.urlChars) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
