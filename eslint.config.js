import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Tests and the build never read ../shared: what we ship is copied in with its origin noted.
const sharedData = { group: ['**/shared/*', '../../shared/**'], message: 'Copy data into the repo.' };

/** Any file of a lib folder but its index and types (`folder` ends with the folder's glob and a slash). */
function throughIndex(folder, allowed = []) {
  return {
    group: [`${folder}*`, `!${folder}index`, `!${folder}types`, ...allowed],
    message:
      'Import the lib folder itself (its index.ts) or its types.ts; add the name to its index if needed.',
  };
}

export default tseslint.config(
  { ignores: ['.output/', '.wxt/', 'node_modules/', 'coverage/', '**/*.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { patterns: [sharedData] }],
    },
  },
  // A lib/<capability>/ folder is entered from outside through its index.ts (and its types.ts, if it
  // has one); its other files are its own business (docs/architecture.md, "How a lib folder is
  // entered"). Allowed on purpose:
  //  - tests/unit/** may import any lib file: a unit test tests one module (no rule there);
  //  - entrypoints/background.ts imports each lib/<capability>/capability.ts, the background's
  //    door (kept out of the index so a page importing the index never sees background code, and
  //    so no index imports lib/background, which imports most indexes);
  //  - scripts/fingerprint-table.ts imports lib/fingerprints/compile.ts (a disable comment there:
  //    it must run when the table the index imports is the thing being regenerated).
  {
    files: ['entrypoints/**', 'components/**', 'scripts/**', 'bench/**', 'tests/**'],
    ignores: ['tests/unit/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [sharedData, throughIndex('**/lib/*/')] }] },
  },
  {
    files: ['entrypoints/background.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [sharedData, throughIndex('**/lib/*/', ['!**/lib/*/capability'])] },
      ],
    },
  },
  // Inside lib/, another folder is reached as '../<folder>' (from lib/<folder>/<sub>/, '../../<folder>').
  {
    files: ['lib/*/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [sharedData, throughIndex('../*/')] }] },
  },
  {
    files: ['lib/*/*/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [sharedData, throughIndex('../../*/')] }] },
  },
);
