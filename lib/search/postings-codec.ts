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
 * The ids are written ascending, the order MiniSearch's maps hold them in (a document added later
 * gets a higher id), so a search ranks exactly as before. The index updates (shard-store.ts) work
 * on the maps too, so a term is decoded and encoded once per change, with plain loops.
 */
export type FieldPostings = Map<number, Map<number, number>>;

/** The stored form of one term's postings, from MiniSearch's maps (a field with none is left out). */
export function encodePostings(fields: FieldPostings): string {
  const out: Record<string, number[]> = {};
  for (const [fieldId, docs] of fields) if (docs.size) out[fieldId] = differences(docs);
  return JSON.stringify(out);
}

/**
 * [id difference, frequency, …] with the ids ascending. A map's ids are nearly always ascending
 * already (a document added later gets a higher id), so they are sorted only when they are not.
 */
function differences(docs: Map<number, number>): number[] {
  const flat: number[] = [];
  let previous = 0;
  for (const [shortId, tf] of docs) {
    if (shortId < previous) {
      const sorted = new Map([...docs].sort((a, b) => a[0] - b[0]));
      return differences(sorted);
    }
    flat.push(shortId - previous, tf);
    previous = shortId;
  }
  return flat;
}

/** MiniSearch's maps for one term, and how many postings they hold; throws on a malformed value. */
export function postingsMaps(stored: string): { fields: FieldPostings; count: number } {
  const parsed: unknown = JSON.parse(stored);
  // Anything but an object of fields (null, a number, an array) is not ours: refused, not read as
  // "no postings", which would drop the term's hits without a word.
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('malformed postings');
  const fields: FieldPostings = new Map();
  let count = 0;
  for (const [fieldId, flat] of Object.entries(parsed)) {
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
