/**
 * `npm run test:unit`: the unit project; `npm run test:unit -- library` runs one capability's
 * tests (the folder tests/unit/library/), not every file whose path happens to contain
 * "library" (vitest's own filter is a substring match: `net` would also pick probe/net-log).
 * Any other argument is handed to vitest unchanged.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const args = process.argv.slice(2).map((arg) => {
  const folder = `tests/unit/${arg}`;
  return !arg.startsWith('-') && existsSync(folder) && statSync(folder).isDirectory() ? `${folder}/` : arg;
});
const result = spawnSync('npx', ['vitest', 'run', '--project', 'unit', ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
