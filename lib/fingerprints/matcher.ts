import type { Confidence } from '../verdict/types';
import { buildAutomaton, findAll, type Automaton } from './aho-corasick';
import { confidenceOf, confidenceRank } from './confidence';
import { normalizeText, NOTICE_MAX_TEXT } from './meaning';
import { normalizeIp } from '../net';
import type {
  DnsFingerprintRow,
  FingerprintMatch,
  FingerprintMatcher,
  FingerprintTables,
  HttpFingerprintRow,
  HttpMatchInput,
} from './types';

/**
 * Blockpages are small (a title, a paragraph citing a law, a logo). A page bigger than this that
 * merely contains a weak pattern ("Доступ ограничен", "Access Denied") is far more likely an
 * article that mentions blocking than a blockpage, so only confirmed patterns count there.
 */
export const WEAK_PATTERN_MAX_BODY = 64 * 1024;

/**
 * Regexps from the dataset ("URL .* Sp.*er Gate") backtrack: on a one-line 1 MB body with many
 * partial matches one took 6 s in V8. They describe blockpages, so the head of the body is enough.
 */
const REGEXP_WINDOW = 64 * 1024;

interface Compiled {
  row: HttpFingerprintRow;
  order: number;
  confidence: Confidence;
  regexp?: RegExp;
}

interface Candidate {
  fp: Compiled;
  location: string;
  value?: string;
}

/** Build a matcher over compiled tables. Never throws: a regexp the engine rejects is skipped. */
export function createFingerprintMatcher(tables: FingerprintTables): FingerprintMatcher {
  const bodyContains: Compiled[] = [];
  const bodyOther: Compiled[] = [];
  const byHeader = new Map<string, Compiled[]>();

  tables.http.forEach((row, order) => {
    const [, scope, location, type, pattern, confidenceNoFp] = row;
    const fp: Compiled = { row, order, confidence: confidenceOf(confidenceNoFp, scope) };
    if (type === 'regexp') {
      try {
        fp.regexp = new RegExp(pattern);
      } catch {
        return; // the compiler already dropped these; an engine that differs from V8 may still refuse one
      }
    }
    if (location === 'body') {
      (type === 'contains' ? bodyContains : bodyOther).push(fp);
    } else {
      const name = location.slice('header.'.length).toLowerCase();
      byHeader.set(name, [...(byHeader.get(name) ?? []), fp]);
    }
  });

  // Built on first use: the background may never classify anything with a body.
  let automaton: Automaton | undefined;
  const dnsByIp = new Map<string, DnsFingerprintRow>();
  for (const row of tables.dns) if (!dnsByIp.has(normalizeIp(row[2]))) dnsByIp.set(normalizeIp(row[2]), row);

  function matchBody(body: string, into: Candidate[]) {
    automaton ??= buildAutomaton(bodyContains.map((fp) => fp.row[4]));
    for (const index of findAll(automaton, body)) into.push({ fp: bodyContains[index]!, location: 'body' });
    const head = body.length > REGEXP_WINDOW ? body.slice(0, REGEXP_WINDOW) : body;
    for (const fp of bodyOther) {
      if (fp.regexp ? fp.regexp.test(head) : patternMatches(fp.row, body))
        into.push({ fp, location: 'body' });
    }
  }

  return {
    matchHttp(input: HttpMatchInput) {
      const candidates: Candidate[] = [];
      for (const [name, fps] of byHeader) {
        const values: string[] = [];
        const header = input.headers?.[name];
        if (header !== undefined) values.push(header);
        if (name === 'location') values.push(...(input.redirectLocations ?? []));
        for (const value of values) {
          for (const fp of fps) {
            if (headerMatches(fp, value, name === 'location')) {
              candidates.push({ fp, location: `header.${name}`, value });
            }
          }
        }
      }
      const body = input.body;
      if (body) {
        const fromBody: Candidate[] = [];
        matchBody(body, fromBody);
        // Weak patterns count only on a page shaped like a notice: small in bytes and in visible
        // text (a 20 KB article quoting "Доступ к ресурсу ограничен" is news, not a blockpage).
        const weak = fromBody.some((c) => c.fp.confidence !== 'confirmed');
        const small =
          weak && body.length <= WEAK_PATTERN_MAX_BODY && normalizeText(body).length <= NOTICE_MAX_TEXT;
        candidates.push(...fromBody.filter((c) => small || c.fp.confidence === 'confirmed'));
      }
      const best = candidates.sort(byStrength)[0];
      return best && toMatch(best);
    },

    matchDnsIp(ip: string) {
      const row = dnsByIp.get(normalizeIp(ip));
      if (!row) return undefined;
      const [name, scope, , confidenceNoFp, countries] = row;
      return {
        name,
        scope,
        confidence: confidenceOf(confidenceNoFp, scope),
        countries: splitCountries(countries),
        location: 'dns',
        value: row[2],
      };
    },
  };

  function headerMatches(fp: Compiled, value: string, isLocation: boolean): boolean {
    if (fp.regexp) return fp.regexp.test(value);
    if (patternMatches(fp.row, value)) return true;
    // Some dataset rows give a redirect target without its scheme ("block.ip.center.rt.ru",
    // "195.146.65.20/block.html"): compare those against the Location without its scheme too.
    const bare = isLocation ? value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '') : value;
    return bare !== value && patternMatches(fp.row, bare);
  }
}

function patternMatches(row: HttpFingerprintRow, value: string): boolean {
  const [, , , type, pattern] = row;
  if (pattern.length === 0) return false;
  if (type === 'full') return value === pattern;
  if (type === 'prefix') return value.startsWith(pattern);
  if (type === 'contains') return value.includes(pattern);
  return false;
}

/** Strongest first: confidence, then an explicit header/redirect over body text, then the longer pattern. */
function byStrength(a: Candidate, b: Candidate): number {
  return (
    confidenceRank(b.fp.confidence) - confidenceRank(a.fp.confidence) ||
    Number(b.location !== 'body') - Number(a.location !== 'body') ||
    b.fp.row[4].length - a.fp.row[4].length ||
    a.fp.order - b.fp.order
  );
}

function toMatch({ fp, location, value }: Candidate): FingerprintMatch {
  const [name, scope, , , , , countries] = fp.row;
  return {
    name,
    scope,
    confidence: fp.confidence,
    countries: splitCountries(countries),
    location,
    ...(value !== undefined ? { value } : {}),
  };
}

function splitCountries(countries: string): string[] {
  return countries
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
}
