/**
 * `npm run screenshots`: the popup in every connection state the lab can play, in English and
 * Russian, written to docs/screenshots/ — made from the e2e lab so they stay true. Each shows
 * the advice offered for that state with its first card opened; `popup-blocked-site-*` shows a
 * news site reset after its ClientHello, with its advice and other addresses (mirror, onion).
 *
 *   VANTAGE_LAB_NET=3 npm run screenshots
 */
import { execFileSync } from 'node:child_process';

const scenarios = ['normal', 'messenger-block', 'whitelist', 'shutdown', 'captive', 'throttled', 'offline'];
const languages = ['en', 'ru'];
const only = process.argv.slice(2);
execFileSync('npx', ['wxt', 'build'], { stdio: 'ignore' });

function shoot(name: string, lang: string, extra: string[]) {
  const out = `docs/screenshots/popup-${name}-${lang}.png`;
  execFileSync(
    'npx',
    [
      'tsx',
      'scripts/demo.ts',
      '--no-build',
      '--lang',
      lang,
      '--out',
      out,
      '--expand',
      '--connection-only',
      '--height',
      '1000',
      ...extra,
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  console.log(`wrote ${out}`);
}

for (const lang of languages) {
  for (const scenario of scenarios) {
    if (only.length === 0 || only.includes(scenario)) shoot(scenario, lang, ['--scenario', scenario]);
  }
  if (only.length === 0 || only.includes('blocked-site')) {
    shoot('blocked-site', lang, [
      '--scenario',
      'normal',
      '--site',
      'https://azattyq.lab.test/',
      '--block',
      'azattyq.lab.test',
    ]);
  }
}
