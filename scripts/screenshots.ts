/**
 * `npm run screenshots`: the popup in every connection state the lab can play, in English and
 * Russian, written to docs/screenshots/ — made from the e2e lab so they stay true.
 */
import { execFileSync } from 'node:child_process';

const scenarios = ['normal', 'messenger-block', 'whitelist', 'shutdown', 'captive', 'throttled'];
const languages = ['en', 'ru'];
execFileSync('npx', ['wxt', 'build'], { stdio: 'ignore' });
for (const scenario of scenarios) {
  for (const lang of languages) {
    const out = `docs/screenshots/popup-${scenario}-${lang}.png`;
    execFileSync(
      'npx',
      ['tsx', 'scripts/demo.ts', '--no-build', '--scenario', scenario, '--lang', lang, '--out', out],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    console.log(`wrote ${out}`);
  }
}
