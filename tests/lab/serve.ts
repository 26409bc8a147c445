/** `npm run lab`: start the censor lab by hand, print its hosts, stop on Ctrl-C. */
import { startLab } from './index';

const lab = await startLab();
for (const host of lab.hosts) console.log(`${host.name.padEnd(26)} ${host.ip.padEnd(12)} ${host.role}`);
console.log(`\n--host-resolver-rules="${lab.resolverRules}"\nlab CA: ${lab.caPath}`);
process.on('SIGINT', () => void lab.stop().then(() => process.exit(0)));
