/**
 * Aho–Corasick multi-pattern search (Aho & Corasick, "Efficient string matching", CACM 1975).
 *
 * Why not `body.includes(pattern)` per fingerprint: with ~1,300 `contains` fingerprints that is
 * ~360 ms on a real 1 MB news page (measured on Node 20); one pass of this automaton is ~20 ms.
 * The trie is built with Maps, then flattened into typed arrays so that a service worker holds
 * a few hundred KB instead of 50,000 Map objects.
 *
 * Strings are searched as UTF-16 code units, like the patterns themselves.
 */
export interface Automaton {
  readonly patternCount: number;
  /** Transitions out of the root, indexed by code unit (0 = stay at the root). */
  readonly root: Int32Array;
  /** Edges of node n are edgeChar/edgeNext[edgeStart[n] .. edgeStart[n + 1]), sorted by char. */
  readonly edgeStart: Int32Array;
  readonly edgeChar: Uint16Array;
  readonly edgeNext: Int32Array;
  readonly fail: Int32Array;
  /** Nearest node on the fail chain that ends a pattern (-1: none). */
  readonly dict: Int32Array;
  /** Patterns ending exactly at node n: outList[outStart[n] .. outStart[n + 1]). */
  readonly outStart: Int32Array;
  readonly outList: Int32Array;
}

export function buildAutomaton(patterns: readonly string[]): Automaton {
  const children: Map<number, number>[] = [new Map()];
  const own: number[][] = [[]];
  patterns.forEach((pattern, index) => {
    if (pattern.length === 0) return; // an empty pattern would match everything
    let node = 0;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern.charCodeAt(i);
      let next = children[node]!.get(c);
      if (next === undefined) {
        next = children.length;
        children.push(new Map());
        own.push([]);
        children[node]!.set(c, next);
      }
      node = next;
    }
    own[node]!.push(index);
  });

  const count = children.length;
  const fail = new Int32Array(count);
  const dict = new Int32Array(count).fill(-1);
  const queue: number[] = [...children[0]!.values()];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    for (const [c, child] of children[node]!) {
      queue.push(child);
      let f = fail[node]!;
      let target = children[f]!.get(c);
      while (target === undefined && f !== 0) {
        f = fail[f]!;
        target = children[f]!.get(c);
      }
      const link = target !== undefined && target !== child ? target : 0;
      fail[child] = link;
      dict[child] = own[link]!.length > 0 ? link : dict[link]!;
    }
  }

  const root = new Int32Array(65536);
  for (const [c, child] of children[0]!) root[c] = child;
  const edgeStart = new Int32Array(count + 1);
  const outStart = new Int32Array(count + 1);
  let edges = 0;
  let outs = 0;
  for (let n = 0; n < count; n++) {
    edgeStart[n] = edges;
    outStart[n] = outs;
    edges += children[n]!.size;
    outs += own[n]!.length;
  }
  edgeStart[count] = edges;
  outStart[count] = outs;
  const edgeChar = new Uint16Array(edges);
  const edgeNext = new Int32Array(edges);
  const outList = new Int32Array(outs);
  for (let n = 0; n < count; n++) {
    const sorted = [...children[n]!].sort((a, b) => a[0] - b[0]);
    sorted.forEach(([c, child], i) => {
      edgeChar[edgeStart[n]! + i] = c;
      edgeNext[edgeStart[n]! + i] = child;
    });
    own[n]!.forEach((pattern, i) => (outList[outStart[n]! + i] = pattern));
  }
  return {
    patternCount: patterns.length,
    root,
    edgeStart,
    edgeChar,
    edgeNext,
    fail,
    dict,
    outStart,
    outList,
  };
}

function step(a: Automaton, node: number, c: number): number {
  let lo = a.edgeStart[node]!;
  let hi = a.edgeStart[node + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const mc = a.edgeChar[mid]!;
    if (mc === c) return a.edgeNext[mid]!;
    if (mc < c) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Indices of every pattern that occurs in `text`, each once, in order of first occurrence. */
export function findAll(a: Automaton, text: string): number[] {
  const found: number[] = [];
  if (a.patternCount === 0) return found;
  const seen = new Uint8Array(a.patternCount);
  let node = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    for (;;) {
      if (node === 0) {
        node = a.root[c]!;
        break;
      }
      const next = step(a, node, c);
      if (next >= 0) {
        node = next;
        break;
      }
      node = a.fail[node]!;
    }
    if (node === 0) continue;
    let out = a.outStart[node + 1]! > a.outStart[node]! ? node : a.dict[node]!;
    while (out > 0) {
      for (let k = a.outStart[out]!; k < a.outStart[out + 1]!; k++) {
        const pattern = a.outList[k]!;
        if (!seen[pattern]) {
          seen[pattern] = 1;
          found.push(pattern);
        }
      }
      out = a.dict[out]!;
    }
  }
  return found;
}
