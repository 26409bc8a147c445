/**
 * `npm test`: every check the project has, in order, each one counted, ending with the line
 * CI reads: `N passed, N failed`. A step that is not a test runner (typecheck, lint, build,
 * web-ext lint) counts as one check; vitest's tests count one each.
 *
 *   npm test                 everything
 *   npm test -- --skip-e2e   no browsers (fast inner loop)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

interface Tally {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
}

const args = new Set(process.argv.slice(2));
const tallies: Tally[] = [];
const reportDir = 'test-results';
rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });

function run(command: string, commandArgs: string[]): { ok: boolean; seconds: number } {
  const start = Date.now();
  console.log(`\n$ ${command} ${commandArgs.join(' ')}`);
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', env: process.env });
  return { ok: result.status === 0, seconds: (Date.now() - start) / 1000 };
}

function check(name: string, command: string, commandArgs: string[]): boolean {
  const { ok, seconds } = run(command, commandArgs);
  tallies.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, seconds });
  return ok;
}

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numTotalTestSuites: number;
  testResults: { status: string; assertionResults: unknown[] }[];
}

function vitest(name: string, projectArgs: string[]): void {
  const out = `${reportDir}/${name}.json`;
  const { ok, seconds } = run('npx', [
    'vitest',
    'run',
    ...projectArgs,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
  ]);
  try {
    const report = JSON.parse(readFileSync(out, 'utf8')) as VitestJson;
    // A file that failed to load has no assertion results: count it as a failure, not as nothing.
    const brokenFiles = report.testResults.filter(
      (file) => file.status === 'failed' && file.assertionResults.length === 0,
    ).length;
    const failed = report.numFailedTests + brokenFiles + (ok || report.numFailedTests || brokenFiles ? 0 : 1);
    tallies.push({
      name,
      passed: report.numPassedTests,
      failed,
      skipped: report.numPendingTests + report.numTodoTests,
      seconds,
    });
  } catch {
    tallies.push({ name, passed: 0, failed: 1, skipped: 0, seconds });
  }
}

check('wxt prepare', 'npx', ['wxt', 'prepare']);
check('typecheck', 'npx', ['tsc', '--noEmit', '-p', '.']);
check('eslint', 'npx', ['eslint', '.']);
check('prettier', 'npx', ['prettier', '--check', '.']);
check('import cycles (madge)', 'npm', ['run', 'cycles']);
check('dead code (knip)', 'npm', ['run', 'knip']);
vitest('unit', ['--project', 'unit']);
vitest('lab', ['--project', 'lab']);
if (!args.has('--skip-e2e')) {
  // `wxt zip` builds first, so the e2e suite always tests what would be published.
  check('build + zip chrome-mv3', 'npx', ['wxt', 'zip']);
  check('build + zip firefox-mv3', 'npx', ['wxt', 'zip', '-b', 'firefox']);
  check('web-ext lint', 'npx', ['web-ext', 'lint', '--source-dir', '.output/firefox-mv3']);
  vitest('e2e', ['--project', 'e2e']);
}

console.log('\nstep                          passed failed skipped   seconds');
for (const t of tallies) {
  console.log(
    `${t.name.padEnd(30)}${String(t.passed).padStart(6)}${String(t.failed).padStart(7)}${String(t.skipped).padStart(8)}${t.seconds.toFixed(1).padStart(10)}`,
  );
}
const passed = tallies.reduce((sum, t) => sum + t.passed, 0);
const failed = tallies.reduce((sum, t) => sum + t.failed, 0);
const skipped = tallies.reduce((sum, t) => sum + t.skipped, 0);
const total = tallies.reduce((sum, t) => sum + t.seconds, 0);
console.log(`total time: ${total.toFixed(0)} s`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
