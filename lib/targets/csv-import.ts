import { categoryFromCitizenLab, cleanCategoryCode } from './citizenlab-category';
import { cleanNotes } from './notes';
import { csvRows, nonBlankLinesFrom } from './csv-rows';
import { MAX_TARGETS } from './limits';
import type { Target } from './types';
import { nameForUrl, normaliseTargetUrl, type UrlProblem } from './url';

export interface ImportError {
  /** 1-based line of the file where the rejected row starts. */
  line: number;
  /** Why, as a code the options page translates; `message` says it in English for logs and tests. */
  reason: UrlProblem | 'duplicate' | 'malformed' | 'too-many';
  message: string;
  /** For 'too-many': how many non-blank lines from `line` on were not read. */
  skipped?: number;
  /** The row's URL field as written, when there was one to show back to the user. */
  text?: string;
}

export interface TestListImport {
  targets: Target[];
  errors: ImportError[];
}

interface Columns {
  url: number;
  categoryCode: number;
  notes: number;
}

// Citizen Lab's layout (url,category_code,category_description,date_added,source,notes); also
// what a file without a header is read as, so a bare list of URLs imports too.
const POSITIONAL: Columns = { url: 0, categoryCode: 1, notes: 5 };

export interface TestListOptions {
  /** At most this many targets. */
  max?: number;
  /**
   * The list's country (kz.csv → KZ): its government, bank, portal and control sites under the
   * country's own domain become domestic controls (lib/targets/citizenlab-category.ts).
   */
  country?: string;
}

/**
 * Read a Citizen Lab test-list CSV (or any CSV with a `url` column) into targets, each with its
 * category by meaning and the row's notes. Never throws:
 * a file from a stranger is untrusted, so each row is checked on its own — empty, unreadable,
 * non-http(s), special-use and repeated URLs are reported by line and skipped, and every valid
 * row is kept up to `max` targets. Reading stops there: the lines left are counted, not read,
 * and reported as one 'too-many' error at the line where reading stopped.
 */
export function parseTestListCsv(
  text: string,
  { max = MAX_TARGETS, country }: TestListOptions = {},
): TestListImport {
  const targets: Target[] = [];
  const errors: ImportError[] = [];
  const firstLineOf = new Map<string, number>();
  let columns: Columns | undefined;
  let stoppedAt: ImportError | undefined;

  for (const row of csvRows(text)) {
    if (!columns) {
      const header = row.ok ? headerColumns(row.fields) : undefined;
      columns = header ?? POSITIONAL;
      if (header) continue;
    }
    if (!row.ok) {
      errors.push({ line: row.line, reason: 'malformed', message: row.message });
      continue;
    }

    const raw = row.fields[columns.url] ?? '';
    const normalised = normaliseTargetUrl(raw);
    if (!normalised.ok) {
      errors.push({ line: row.line, reason: normalised.reason, message: normalised.detail, text: raw });
      continue;
    }
    const url = normalised.url;
    const earlier = firstLineOf.get(url);
    if (earlier !== undefined) {
      errors.push({
        line: row.line,
        reason: 'duplicate',
        message: `duplicate of line ${earlier}: ${url}`,
        text: raw,
      });
      continue;
    }
    if (targets.length >= max) {
      const skipped = nonBlankLinesFrom(text, row.line);
      stoppedAt = {
        line: row.line,
        reason: 'too-many',
        message: `from line ${row.line} on, ${skipped} more lines not read: at most ${max} sites`,
        skipped,
      };
      break;
    }
    firstLineOf.set(url, row.line);

    const categoryCode = cleanCategoryCode(row.fields[columns.categoryCode]);
    const notes = cleanNotes(row.fields[columns.notes]);
    targets.push({
      id: url,
      url,
      name: nameForUrl(url),
      category: categoryFromCitizenLab(categoryCode, url, { country, notes }),
      source: 'import',
      ...(categoryCode ? { categoryCode } : {}),
      ...(notes ? { notes } : {}),
    });
  }
  if (stoppedAt) errors.push(stoppedAt);
  return { targets, errors };
}

/** Column positions if `fields` is a header row (it names a `url` column), else undefined. */
function headerColumns(fields: string[]): Columns | undefined {
  const names = fields.map((field) => field.toLowerCase());
  const url = names.indexOf('url');
  if (url === -1) return undefined;
  return { url, categoryCode: names.indexOf('category_code'), notes: names.indexOf('notes') };
}
