import MiniSearch from 'minisearch';
import type { Database } from '../db';
import { documentState, internals } from './minisearch-internals';
import { INDEX_OPTIONS, toDoc, type Doc, type Stored } from './options';
import { encodePostings, postingsMaps, type FieldPostings } from './postings-codec';

/**
 * The stored index in pieces (issue #17: one 20 MB JSON value at 10,000 articles cost every
 * reader page 1.5–3 s and 96 MB to load). In `libraryMeta`:
 *
 * - `search3:docs` — the document table: MiniSearch's per-article data (ids, field lengths,
 *   stored title/source/dates), the average field lengths, and the vocabulary (every term, grouped
 *   by shard). A few MB at 10,000 articles; all a query needs besides the postings.
 * - `search3:s:<term>` — a shard: one term's postings (postings-codec.ts says how they are
 *   written). A query reads only the terms it reaches (its own, and those its prefix and typo
 *   rules reach, found in the vocabulary).
 * - `search3:t:<short id>` — the terms of one article, so it can be taken out of the shards
 *   when it is deleted or re-fetched without reading every shard.
 * - `search3:gen` — bumped by every write, so a reader holding an older document table notices
 *   and reloads instead of mixing two versions.
 *
 * Everything is written in one transaction per change, and each term's postings are exactly
 * MiniSearch's (in a more compact form), so a search over the pieces ranks as one over the whole
 * index (BM25 needs only a term's postings and the per-document table;
 * tests/unit/search/sharded-search.test.ts).
 */
// 4: postings stored in postings-codec.ts's form (3: MiniSearch's own, the term in the value). An
// older index is rebuilt from the articles in the background, as a missing one is.
const SHARDED_SCHEMA_VERSION = 4;
const PREFIX = 'search3:';
export const DOCS_KEY = `${PREFIX}docs`;
const GENERATION_KEY = `${PREFIX}gen`;
/** A first build's checkpoint (index-build.ts); under PREFIX, so the finished index drops it. */
export const BUILD_KEY = `${PREFIX}build`;
const shardRecordKey = (shard: string) => `${PREFIX}s:${shard}`;
const termsRecordKey = (shortId: number | string) => `${PREFIX}t:${shortId}`;
/** The legacy whole-index value (schema 2), dropped once the shards are written. */
const LEGACY_KEY = 'searchIndex';

export interface DocTable {
  schemaVersion: number;
  generation: number;
  documentCount: number;
  nextId: number;
  /** Short id → article id. */
  documentIds: Record<string, string>;
  fieldIds: Record<string, number>;
  /** Short id → unique words per field (a hole where the article has no such field). */
  fieldLength: Record<string, (number | null)[]>;
  averageFieldLength: number[];
  storedFields: Record<string, Stored>;
  /** Article id → the fetchedAt it was indexed at. */
  indexed: Record<string, number>;
  /** Shard → its terms, space-separated (a term never contains a space). */
  vocab: Record<string, string>;
}

/**
 * The shard a term lives in: its own record. Measured at 10,000 articles (docs/benchmarks.md,
 * "#17, second round"): with three-letter shards a word starting «про» read and parsed every
 * «про…» term to use a few, and keystroke → results p95 went from 23 to 63 ms; one record per
 * term reads what a query reaches and nothing else, and the word being typed reads its
 * completions by key range (readShards' `range`).
 */
export function shardOf(term: string): string {
  return term;
}

export class CorruptIndexError extends Error {}

/** A term's stored postings as MiniSearch's maps; CorruptIndexError when the value does not read. */
export function storedPostings(value: string): { fields: FieldPostings; count: number } {
  try {
    return postingsMaps(value);
  } catch {
    throw new CorruptIndexError('malformed postings for a term');
  }
}

export async function readDocTable(db: Database): Promise<DocTable | undefined> {
  const raw = (await db.get('libraryMeta', DOCS_KEY))?.value;
  if (typeof raw !== 'string') return undefined;
  try {
    const table = JSON.parse(raw) as DocTable;
    if (table?.schemaVersion !== SHARDED_SCHEMA_VERSION || typeof table.vocab !== 'object') return undefined;
    if (Object.keys(table.documentIds).length !== table.documentCount) return undefined;
    return table;
  } catch {
    // Corrupt (a tampered profile, a half-written value): the caller rebuilds from the articles.
    return undefined;
  }
}

/**
 * The shards asked for (and, with `range`, every shard whose key is from `range.from` to
 * `range.to`, both included, in one range request), each as stored (postings-codec.ts), and the
 * generation they belong to, read together (one transaction).
 */
export async function readShards(
  db: Database,
  shards: string[],
  range?: { from: string; to: string },
): Promise<{ generation: number; shards: Map<string, string> }> {
  const tx = db.transaction('libraryMeta');
  const [generation, ranged, ...values] = await Promise.all([
    tx.store.get(GENERATION_KEY),
    range === undefined
      ? Promise.resolve([])
      : tx.store.getAll(IDBKeyRange.bound(shardRecordKey(range.from), shardRecordKey(range.to))),
    ...shards.map((shard) => tx.store.get(shardRecordKey(shard))),
  ]);
  await tx.done;
  const found = new Map<string, string>();
  for (const record of ranged)
    if (typeof record.value === 'string')
      found.set(record.key.slice(shardRecordKey('').length), record.value);
  shards.forEach((shard, i) => {
    const raw = values[i]?.value;
    if (typeof raw === 'string') found.set(shard, raw);
  });
  return { generation: Number(generation?.value ?? 0), shards: found };
}

/** Replace the whole stored index with `mini` (a rebuild): documents, shards, terms, at once. */
export async function writeWholeIndex(
  db: Database,
  mini: MiniSearch<Doc>,
  indexed: Map<string, number>,
): Promise<void> {
  // Shard by shard from MiniSearch's own maps: toJSON() would first copy every posting of the
  // whole index into one object (measured: a 2,000-article rebuild's worker peaked at 219 MB).
  const inner = internals(mini);
  const termsOf = new Map<number, string[]>();
  const tx = db.transaction('libraryMeta', 'readwrite');
  const generation = Number((await tx.store.get(GENERATION_KEY))?.value ?? 0) + 1;
  const writes: Promise<unknown>[] = [
    tx.store.delete(IDBKeyRange.bound(PREFIX, `${PREFIX}\uffff`)),
    tx.store.delete(LEGACY_KEY),
  ];
  const vocab: Record<string, string> = {};
  for (const [term, fields] of inner._index) {
    const seen = new Set<number>();
    for (const freqs of fields.values())
      for (const shortId of freqs.keys()) {
        if (seen.has(shortId)) continue;
        seen.add(shortId);
        let list = termsOf.get(shortId);
        if (!list) termsOf.set(shortId, (list = []));
        list.push(term);
      }
    vocab[shardOf(term)] = term;
    writes.push(tx.store.put({ key: shardRecordKey(shardOf(term)), value: encodePostings(fields) }));
  }
  for (const [shortId, terms] of termsOf)
    writes.push(tx.store.put({ key: termsRecordKey(shortId), value: terms.join(' ') }));
  const { storedFields, ...documents } = documentState(inner);
  const table: DocTable = {
    schemaVersion: SHARDED_SCHEMA_VERSION,
    generation,
    ...documents,
    storedFields: storedFields as unknown as Record<string, Stored>,
    indexed: Object.fromEntries(indexed),
    vocab,
  };
  writes.push(tx.store.put({ key: DOCS_KEY, value: JSON.stringify(table) }));
  writes.push(tx.store.put({ key: GENERATION_KEY, value: generation }));
  await Promise.all([...writes, tx.done]);
}

/**
 * Take `removed` article ids out and put `added` articles in (a re-fetched article is both), in
 * one transaction, touching only the shards their words live in. Works as MiniSearch's own
 * discard + vacuum and add do, step for step (the averages are updated with its formulas), so the
 * result ranks as one index kept the same way. Already-applied changes (another page got there
 * first) are skipped. Throws CorruptIndexError when the stored pieces do not fit together.
 */
export async function applyChanges(
  db: Database,
  added: Doc[],
  removed: string[],
): Promise<{ added: number; removed: number }> {
  // Tokenized before the transaction opens: it must not wait on anything but its own requests.
  const byId = new Map(added.map((doc) => [doc.id, toDoc(doc)]));
  const scratch = new MiniSearch<Doc>(INDEX_OPTIONS);
  scratch.addAll([...byId.values()]);
  const fresh = scratch.toJSON();
  const freshTerms = new Map<string, [string, Record<string, number>][]>(); // scratch id → [term, field→tf]
  for (const [term, postings] of fresh.index as [string, Record<string, Record<string, number>>][])
    for (const [fieldId, docs] of Object.entries(postings))
      for (const [scratchId, tf] of Object.entries(docs)) {
        let list = freshTerms.get(scratchId);
        if (!list) freshTerms.set(scratchId, (list = []));
        const last = list[list.length - 1];
        if (last?.[0] === term) last[1][fieldId] = tf;
        else list.push([term, { [fieldId]: tf }]);
      }

  const tx = db.transaction('libraryMeta', 'readwrite');
  const raw = (await tx.store.get(DOCS_KEY))?.value;
  if (typeof raw !== 'string') throw new CorruptIndexError('no document table');
  const table = JSON.parse(raw) as DocTable;
  const shortIdOf = new Map(Object.entries(table.documentIds).map(([shortId, id]) => [id, shortId]));

  const adds = [
    ...(fresh.documentIds ? Object.entries(fresh.documentIds as Record<string, string>) : []),
  ].filter(([, id]) => table.indexed[id] !== byId.get(id)!.fetchedAt);
  const removes = [...new Set([...removed, ...adds.map(([, id]) => id)].filter((id) => shortIdOf.has(id)))];
  if (!adds.length && !removes.length) {
    await tx.done;
    return { added: 0, removed: 0 };
  }

  const removedTerms = await Promise.all(
    removes.map((id) => tx.store.get(termsRecordKey(shortIdOf.get(id)!))),
  );
  const touched = new Set<string>();
  const removals: [string, string[]][] = removes.map((id, i) => {
    const terms = removedTerms[i]?.value;
    if (typeof terms !== 'string') throw new CorruptIndexError(`no terms for ${id}`);
    const list = terms ? terms.split(' ') : [];
    for (const term of list) touched.add(shardOf(term));
    return [shortIdOf.get(id)!, list];
  });
  for (const [scratchId] of adds)
    for (const [term] of freshTerms.get(scratchId) ?? []) touched.add(shardOf(term));
  const keys = [...touched];
  const shardValues = await Promise.all(keys.map((key) => tx.store.get(shardRecordKey(key))));
  // A shard is one term (shardOf).
  const postingsOf = new Map<string, FieldPostings>(
    keys.map((term, i) => {
      const value = shardValues[i]?.value;
      return [term, typeof value === 'string' ? storedPostings(value).fields : new Map()];
    }),
  );

  // discard(): the document table first, then (vacuum) its postings.
  for (const [shortId, terms] of removals) {
    const id = table.documentIds[shortId]!;
    (table.fieldLength[shortId] ?? []).forEach((length, fieldId) => {
      if (length == null) return;
      table.averageFieldLength[fieldId] =
        table.documentCount === 1
          ? 0
          : (table.averageFieldLength[fieldId]! * table.documentCount - length) / (table.documentCount - 1);
    });
    delete table.documentIds[shortId];
    delete table.fieldLength[shortId];
    delete table.storedFields[shortId];
    delete table.indexed[id];
    table.documentCount -= 1;
    for (const term of terms) {
      const fields = postingsOf.get(shardOf(term))!;
      for (const [fieldId, docs] of fields) {
        docs.delete(Number(shortId));
        if (!docs.size) fields.delete(fieldId);
      }
    }
    void tx.store.delete(termsRecordKey(shortId));
  }

  // add(): a new short id, the field lengths and averages, the stored fields, the postings.
  for (const [scratchId, id] of adds) {
    const shortId = String(table.nextId++);
    table.documentCount += 1;
    table.documentIds[shortId] = id;
    const lengths = (fresh.fieldLength as Record<string, (number | null)[]>)[scratchId] ?? [];
    table.fieldLength[shortId] = lengths;
    lengths.forEach((length, fieldId) => {
      if (length == null) return;
      const count = table.documentCount - 1;
      table.averageFieldLength[fieldId] =
        ((table.averageFieldLength[fieldId] ?? 0) * count + length) / (count + 1);
    });
    const stored = (fresh.storedFields as Record<string, Stored>)[scratchId];
    if (stored) table.storedFields[shortId] = stored;
    table.indexed[id] = byId.get(id)!.fetchedAt;
    const terms = freshTerms.get(scratchId) ?? [];
    for (const [term, freqs] of terms) {
      const fields = postingsOf.get(shardOf(term))!;
      for (const [fieldId, tf] of Object.entries(freqs)) {
        let docs = fields.get(Number(fieldId));
        if (!docs) fields.set(Number(fieldId), (docs = new Map()));
        docs.set(Number(shortId), tf);
      }
    }
    void tx.store.put({ key: termsRecordKey(shortId), value: terms.map(([term]) => term).join(' ') });
  }

  for (const [term, fields] of postingsOf) {
    if (fields.size) {
      table.vocab[shardOf(term)] = term;
      void tx.store.put({ key: shardRecordKey(shardOf(term)), value: encodePostings(fields) });
    } else {
      delete table.vocab[shardOf(term)];
      void tx.store.delete(shardRecordKey(shardOf(term)));
    }
  }
  table.generation += 1;
  void tx.store.put({ key: DOCS_KEY, value: JSON.stringify(table) });
  void tx.store.put({ key: GENERATION_KEY, value: table.generation });
  await tx.done;
  return { added: adds.length, removed: removes.length };
}
