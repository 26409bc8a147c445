/**
 * Builds the extension from a commit, never from the working tree: `git archive` exports exactly
 * what was committed into a fresh folder, so uncommitted edits, stray files and old build output
 * cannot slip into a release. node_modules is linked from the checkout (the lockfile pins it).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { deterministicZip } from './zip';

export interface BuiltExtensions {
  commit: string;
  /** Seconds since 1970: the commit's time, or SOURCE_DATE_EPOCH. Every zip entry carries it. */
  epoch: number;
  version: string;
  /** The exported commit: docs for the release are read from here, not the working tree. */
  srcDir: string;
  chromeDir: string;
  firefoxDir: string;
  /** For the Chrome Web Store and for developer mode: exactly what WXT built. */
  chromeZip: Buffer;
  /** The CRX's payload: the Chrome build with `update_url` pointing at our update.xml. */
  crxZip: Buffer;
  /** For AMO unlisted signing: the Firefox build with `gecko.update_url` pointing at updates.json. */
  firefoxZip: Buffer;
}

/**
 * A self-hosted install updates only from the address its own manifest names (Chrome's
 * `update_url`, Firefox's `browser_specific_settings.gecko.update_url`); without one, Chrome asks
 * the Web Store, which does not know an id it did not sign, and Firefox asks AMO.
 */
export function withUpdateUrl(manifestJson: string, browser: 'chrome' | 'firefox', url: string): Buffer {
  const manifest = JSON.parse(manifestJson) as Record<string, unknown> & {
    browser_specific_settings?: { gecko?: Record<string, unknown> };
  };
  if (browser === 'chrome') manifest.update_url = url;
  else {
    const gecko = manifest.browser_specific_settings?.gecko;
    if (!gecko) throw new Error('the Firefox manifest has no browser_specific_settings.gecko');
    gecko.update_url = url;
  }
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * The build must not depend on who runs it, from where, or when: nothing from the caller's
 * environment but what finds the tools. With NODE_ENV=test (vitest sets it) two builds of one
 * commit in different folders gave different chunk hashes: the minifier named variables differently.
 */
function buildEnv(from: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { PATH: from.PATH, HOME: from.HOME, TZ: 'UTC', LC_ALL: 'C' };
}

function run(command: string, args: string[], options: { cwd: string; input?: Buffer }): Buffer {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    input: options.input,
    maxBuffer: 1 << 30,
    env: buildEnv(process.env),
  });
  if (result.status !== 0) {
    const output = `${result.stdout?.toString() ?? ''}${result.stderr?.toString() ?? ''}`;
    throw new Error(`${command} ${args.join(' ')} failed in ${options.cwd}:\n${output}`);
  }
  return result.stdout;
}

function commitOf(repoRoot: string, ref: string): { commit: string; epoch: number } {
  const commit = run('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: repoRoot })
    .toString()
    .trim();
  const fromEnv = process.env.SOURCE_DATE_EPOCH;
  const epoch = fromEnv
    ? Number(fromEnv)
    : Number(run('git', ['log', '-1', '--format=%ct', commit], { cwd: repoRoot }).toString().trim());
  if (!Number.isInteger(epoch) || epoch < 0)
    throw new Error(`SOURCE_DATE_EPOCH is not a whole number: ${fromEnv}`);
  return { commit, epoch };
}

export function uncommittedChanges(repoRoot: string): string {
  return run('git', ['status', '--porcelain'], { cwd: repoRoot }).toString();
}

export async function buildExtensions(input: {
  repoRoot: string;
  ref: string;
  /** An empty folder of the caller's; the source and the build go under it. */
  workDir: string;
  /** Where update.xml and updates.json will be served (docs/distribution.md). */
  chromeUpdateUrl: string;
  firefoxUpdateUrl: string;
  log?: (line: string) => void;
}): Promise<BuiltExtensions> {
  const log = input.log ?? (() => {});
  const { commit, epoch } = commitOf(input.repoRoot, input.ref);
  const src = join(input.workDir, 'src');
  mkdirSync(src, { recursive: true });
  const tar = run('git', ['archive', '--format=tar', commit], { cwd: input.repoRoot });
  run('tar', ['-x', '-f', '-', '-C', src], { cwd: src, input: tar });
  symlinkSync(join(input.repoRoot, 'node_modules'), join(src, 'node_modules'), 'dir');

  log(`building commit ${commit} in ${src}`);
  run('npx', ['wxt', 'build'], { cwd: src });
  run('npx', ['wxt', 'build', '-b', 'firefox'], { cwd: src });
  const chromeDir = join(src, '.output', 'chrome-mv3');
  const firefoxDir = join(src, '.output', 'firefox-mv3');
  const chromeManifest = readFileSync(join(chromeDir, 'manifest.json'), 'utf8');
  const firefoxManifest = readFileSync(join(firefoxDir, 'manifest.json'), 'utf8');
  const manifest = JSON.parse(chromeManifest) as { version: string };
  return {
    commit,
    epoch,
    version: manifest.version,
    srcDir: src,
    chromeDir,
    firefoxDir,
    chromeZip: await deterministicZip(chromeDir, epoch),
    crxZip: await deterministicZip(chromeDir, epoch, {
      'manifest.json': withUpdateUrl(chromeManifest, 'chrome', input.chromeUpdateUrl),
    }),
    firefoxZip: await deterministicZip(firefoxDir, epoch, {
      'manifest.json': withUpdateUrl(firefoxManifest, 'firefox', input.firefoxUpdateUrl),
    }),
  };
}
