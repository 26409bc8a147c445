/**
 * `npm run fingerprints`: compile data/fingerprints/*.csv into lib/fingerprints/table.generated.ts.
 *
 * The generated file is committed, so a build needs neither the CSVs nor this script. Run it
 * after editing data/fingerprints/vantage_http.csv or updating the OONI copies; a unit test
 * (tests/unit/fingerprints/compile-and-match.test.ts) fails while the committed table differs
 * from what this script would write.
 */
import { writeFileSync } from 'node:fs';
import { renderFingerprintTable, TABLE_FILE } from './fingerprint-table';

const { text, stats } = renderFingerprintTable();
writeFileSync(TABLE_FILE, text);

const describe = (s: { rows: number; compiled: number; skipped: Record<string, number> }) =>
  `${s.compiled}/${s.rows} compiled; skipped ${JSON.stringify(s.skipped)}`;
console.log(`HTTP: ${describe(stats.http)}`);
console.log(`DNS:  ${describe(stats.dns)}`);
console.log(`wrote ${TABLE_FILE}`);
