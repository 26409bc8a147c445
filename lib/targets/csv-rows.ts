// The browser build: csv-parse's Node entry needs a global Buffer, which a service worker lacks.
import { CsvError, parse } from 'csv-parse/browser/esm/sync';

export type CsvRow =
  { ok: true; line: number; fields: string[] } | { ok: false; line: number; message: string };

const OPTIONS = {
  relax_column_count: true, // rows may have extra or missing trailing columns
  relax_quotes: true, // a stray quote inside an unquoted field (5" screen) is just a character
  trim: true,
} as const;

/**
 * Split CSV text into rows, each with the 1-based line it starts on, and parse each with
 * csv-parse. Parsing row by row, rather than the whole text at once, is what lets one malformed
 * row cost one row: given the whole text, csv-parse reports a broken quote and then misreads
 * every row after it. A row spans several lines only while a quoted field is open (an odd count
 * of `"` so far — escaped quotes come in pairs). Blank rows, including ",,,", are skipped.
 */
export function* csvRows(text: string): Generator<CsvRow> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let i = 0;
  while (i < lines.length) {
    const start = i;
    let chunk = lines[i] ?? '';
    let quotes = countQuotes(chunk);
    i++;
    while (quotes % 2 === 1 && i < lines.length) {
      const next = lines[i] ?? '';
      chunk += `\n${next}`;
      quotes += countQuotes(next);
      i++;
    }

    let row = parseRow(chunk, start + 1);
    if (!row.ok && i > start + 1) {
      // A quote opened on this line never closed cleanly and swallowed the lines after it. Judge
      // this line alone and resume on the next one.
      row = parseRow(lines[start] ?? '', start + 1);
      i = start + 1;
    }
    if (row.ok && row.fields.every((field) => field === '')) continue;
    yield row;
  }
}

function parseRow(chunk: string, line: number): CsvRow {
  if (chunk.trim() === '') return { ok: true, line, fields: [] };
  try {
    const records: string[][] = parse(chunk, OPTIONS);
    const [fields, ...more] = records;
    if (!fields || more.length > 0) return { ok: false, line, message: 'malformed row: unbalanced quotes' };
    return { ok: true, line, fields };
  } catch (error) {
    return { ok: false, line, message: `malformed row: ${describe(error)}` };
  }
}

function describe(error: unknown): string {
  if (!(error instanceof CsvError)) return error instanceof Error ? error.message : String(error);
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'text follows the closing quote of a field';
    default:
      return error.message;
  }
}

function countQuotes(line: string): number {
  let count = 0;
  for (let i = line.indexOf('"'); i !== -1; i = line.indexOf('"', i + 1)) count++;
  return count;
}

/**
 * How many non-blank lines `text` has from 1-based `line` on: what an import that stopped there
 * left unread, counted without parsing them (csv-parse per row costs ~0.1 ms; a 5 MB file has
 * ~178,000 rows).
 */
export function nonBlankLinesFrom(text: string, line: number): number {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .slice(line - 1)
    .filter((l) => l.replace(/,/g, '').trim() !== '').length;
}
