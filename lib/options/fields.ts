/**
 * What the options page accepts in its text fields. Each parser says *why* a value is refused, so
 * the page can explain it next to the field instead of silently keeping the old value. The ranges
 * are the ones lib/settings/migrate.ts enforces, so anything accepted here survives the save.
 */
export type FieldResult<T> = { ok: true; value: T } | { ok: false; problem: FieldProblem };

export type FieldProblem =
  | { reason: 'empty' }
  | { reason: 'not-a-whole-number' }
  | { reason: 'out-of-range'; min: number; max: number }
  | { reason: 'invalid-url' }
  | { reason: 'not-http' }
  | { reason: 'not-https' }
  | { reason: 'duplicate' }
  | { reason: 'last-one' };

export const SCHEDULE_RANGE = { min: 0, max: 24 * 60 } as const;
export const RETENTION_RANGE = { min: 1, max: 3650 } as const;
/** How long one request may take, in ms: under a second fails real sites; two minutes is patience. */
export const TIMEOUT_RANGE = { min: 1_000, max: 120_000 } as const;
/** Requests at once: more than 64 gains nothing a browser's socket pool would allow. */
export const CONCURRENCY_RANGE = { min: 1, max: 64 } as const;

/** A whole number in [min, max]; "30", " 30 " and "030" are 30; "1.5", "30m" and "" are refused. */
export function parseWholeNumber(text: string, range: { min: number; max: number }): FieldResult<number> {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, problem: { reason: 'empty' } };
  if (!/^\d+$/.test(trimmed)) return { ok: false, problem: { reason: 'not-a-whole-number' } };
  const value = Number(trimmed);
  if (value < range.min || value > range.max)
    return { ok: false, problem: { reason: 'out-of-range', min: range.min, max: range.max } };
  return { ok: true, value };
}

/**
 * An endpoint the extension will call (resolver, API, collector, captive check): an absolute
 * URL. Unlike a target, no scheme is assumed — an endpoint typed without one is more likely a
 * mistake than a wish for https, and a wrong endpoint silently breaks every check. Everything that
 * receives data must be https; only the captive-portal check may be plain http
 * (`allowHttp`), because a portal can only intercept what is not encrypted.
 */
export function parseEndpointUrl(text: string, { allowHttp = false } = {}): FieldResult<string> {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, problem: { reason: 'empty' } };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, problem: { reason: 'invalid-url' } };
  }
  if (url.protocol === 'http:' && !allowHttp) return { ok: false, problem: { reason: 'not-https' } };
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, problem: { reason: allowHttp ? 'not-http' : 'not-https' } };
  if (!url.hostname) return { ok: false, problem: { reason: 'invalid-url' } };
  return { ok: true, value: url.href };
}

/** The resolver list with one more, refused when invalid or already there. */
export function addResolver(list: readonly string[], text: string): FieldResult<string[]> {
  const parsed = parseEndpointUrl(text);
  if (!parsed.ok) return parsed;
  if (list.includes(parsed.value)) return { ok: false, problem: { reason: 'duplicate' } };
  return { ok: true, value: [...list, parsed.value] };
}

/**
 * The resolver list without `url`. The last resolver cannot go: settings would quietly fall back
 * to the defaults (migrateSettings requires at least one), which is not what the user asked for.
 */
export function removeResolver(list: readonly string[], url: string): FieldResult<string[]> {
  const next = list.filter((item) => item !== url);
  if (next.length === 0) return { ok: false, problem: { reason: 'last-one' } };
  return { ok: true, value: next };
}
