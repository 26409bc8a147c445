/**
 * `npm run lab -- --scenario <name>`: one censor, played for a person trying Vantage by hand.
 * Starts the local lab (every host on 127.0.x.x), plays the scenario, prepares a browser home
 * (Chromium) and a profile (Firefox) that trust the lab's CA and resolve names only through the
 * lab, writes a settings file that points Vantage at the lab, and prints how to start each
 * browser with the built extension. Nothing it prepares can reach an address outside loopback:
 * Chromium's resolver rules end in `MAP * ~NOTFOUND`, Firefox resolves only through the lab's DoH
 * and its proxy script sends any address literal outside loopback to a closed local port.
 *
 *   npm run lab -- --scenario messenger-block   normal | messenger-block | whitelist | shutdown | captive | throttled
 *   npm run lab -- --list                       the lab's hosts and roles, then exit
 *   npm run lab -- --dir .lab                   where the homes, profile and settings file go
 */
import { resolve } from 'node:path';
import { prepareManualLab } from '../tests/e2e/harness/manual-lab';
import { startLab, type Scenario } from '../tests/lab';

const SCENARIOS: readonly Scenario[] = [
  'normal',
  'messenger-block',
  'whitelist',
  'shutdown',
  'captive',
  'throttled',
];

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 && args[index + 1] ? args[index + 1]! : fallback;
};
const scenario = option('scenario', 'messenger-block') as Scenario;
if (!SCENARIOS.includes(scenario)) {
  console.error(`Unknown scenario "${scenario}". One of: ${SCENARIOS.join(', ')}.`);
  process.exit(2);
}
if (process.getuid?.() !== 0) {
  // The lab binds ports 80 and 443 on 127.0.x.x, as the real sites listen there.
  console.error('The lab binds ports 80/443: run it as root (e.g. `sudo npm run lab -- --scenario …`).');
  process.exit(1);
}
const dir = resolve(option('dir', '.lab'));

const lab = await startLab();
if (args.includes('--list')) {
  for (const host of lab.hosts) console.log(`${host.name.padEnd(26)} ${host.ip.padEnd(12)} ${host.role}`);
  await lab.stop();
  process.exit(0);
}
lab.play(scenario);

const prepared = prepareManualLab(lab, dir);

const extension = (browser: string) => resolve('.output', browser);
const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
console.log(`The censor lab is playing "${scenario}" (${lab.hosts.length} hosts on 127.0.x.x).

1. Build Vantage if you have not:   npm run build

2. Start a browser inside the lab (another terminal, as the same user):

   Chromium:
     HOME=${quote(prepared.chromium.home)} /usr/bin/chromium \\
       --user-data-dir=${quote(prepared.chromium.profile)} \\
       ${prepared.chromium.args(extension('chrome-mv3')).map(quote).join(' \\\n       ')}

   Firefox (then about:debugging → This Firefox → Load Temporary Add-on… →
   ${extension('firefox-mv3')}/manifest.json):
     /usr/bin/firefox-esr --no-remote --profile ${quote(prepared.firefox.profile)}

3. On Vantage's first-run page choose when it may check; then in its settings, "Import settings"
   ${prepared.settingsPath}
   and accept the lab's API and collector when the page suggests them.

Open https://telegram.lab.test/ or any site above, or press "Check now" in the popup.
Another censor: stop (Ctrl-C) and run  npm run lab -- --scenario <${SCENARIOS.join(' | ')}>
`);
process.on('SIGINT', () => void lab.stop().then(() => process.exit(0)));
