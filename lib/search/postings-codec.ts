/**
 * One term's postings as they are stored (`search3:s:<term>`, schema 4): a JSON object of numbers
 * only, field id → [short id, frequency, short id, frequency, …], the ids ascending and each
 * written as its difference from the one before.
 *
 * Why not MiniSearch's own form (`{"<term>": {"<field>": {"<short id>": tf}}}`, schema 3): measured
 * in the reader at 10,000 articles (docs/benchmarks.md, "#17, tenth round"), the first letters of
 * a word read the postings of every completion — «жа»: 426 terms, 40,000 postings — and
 *   - turning those objects into MiniSearch's maps took 5–83 ms on the page's thread (a string key
 *     per posting to walk and convert); from flat arrays it takes 1–9 ms;
 *   - the term in the value made every value a two-byte string (Cyrillic), twice the bytes
 *     IndexedDB reads; numbers alone are one byte a character, and the differences shorten them.
 * The order of the ids is the order MiniSearch's maps had them in (ascending: a document added
 * later gets a higher id), so a search ranks exactly as before.
 */
export type FieldPostings = Map<number, Map<number, number>>;

/** Field id → short id → frequency, the plain-object form the index updates work on. */
export type Postings = Record<string, Record<string, number>>;

/** The stored form of one term's postings, from MiniSearch's maps or the plain-object form. */
export function encodePostings(fields: FieldPostings | Postings): string {
  const out: Record<string, number[]> = {};
  const entries =
    fields instanceof Map
      ? [...fields].map(([fieldId, docs]) => [String(fieldId), [...docs]] as const)
      : Object.entries(fields).map(
          ([fieldId, docs]) =>
            [fieldId, Object.entries(docs).map(([shortId, tf]) => [Number(shortId), tf] as const)] as const,
        );
  for (const [fieldId, docs] of entries) {
    if (!docs.length) continue;
    const sorted = [...docs].sort((a, b) => a[0] - b[0]);
    const flat: number[] = [];
    let previous = 0;
    for (const [shortId, tf] of sorted) {
      flat.push(shortId - previous, tf);
      previous = shortId;
    }
    out[fieldId] = flat;
  }
  return JSON.stringify(out);
}

/** MiniSearch's maps for one term, and how many postings they hold; throws on a malformed value. */
export function postingsMaps(stored: string): { fields: FieldPostings; count: number } {
  const parsed = JSON.parse(stored) as Record<string, unknown>;
  const fields: FieldPostings = new Map();
  let count = 0;
  for (const fieldId in parsed) {
    const flat = parsed[fieldId];
    if (!Array.isArray(flat) || flat.length % 2) throw new Error('malformed postings');
    const docs = new Map<number, number>();
    let shortId = 0;
    for (let i = 0; i < flat.length; i += 2) {
      const step: unknown = flat[i];
      const tf: unknown = flat[i + 1];
      if (typeof step !== 'number' || typeof tf !== 'number') throw new Error('malformed postings');
      shortId += step;
      docs.set(shortId, tf);
    }
    count += docs.size;
    fields.set(Number(fieldId), docs);
  }
  return { fields, count };
}

/** The plain-object form, for the index updates (shard-store.ts applyChanges). */
export function decodePostings(stored: string): Postings {
  const postings: Postings = {};
  for (const [fieldId, docs] of postingsMaps(stored).fields) postings[fieldId] = Object.fromEntries(docs);
  return postings;
}
