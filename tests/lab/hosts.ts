import type { LabPage } from './pages';

/**
 * The lab's hosts: one loopback address each, so a censor decision made on the address
 * (reset, blackhole) affects exactly one site, as an IP block does. Tests, the demo and
 * lab presets all read this table.
 */
export type Role =
  | 'site' // an ordinary site whose behaviour follows its policy
  | 'blockpage-server' // where poisoned DNS and block redirects lead
  | 'blockpage200' // an ISP answering 200 with a blockpage instead of the site
  | 'redirect-block' // an ISP answering 302 to its block host
  | 'refused' // nothing listens
  | 'reset' // resets every connection
  | 'blackhole' // accepts, never answers
  | 'sni-filter' // resets TLS for listed SNIs, passes the rest
  | 'intercept' // HTTPS with a certificate from an untrusted (government-style) root
  | 'throttled' // trickles its body
  | 'http503' // a healthy server that answers 503 / 403
  | 'captive' // captive-portal check URL
  | 'doh' // DNS-over-HTTPS resolver
  | 'garbage-doh' // a resolver answering garbage
  | 'api' // OONI API + collector stand-in
  | 'echo' // shows visitors their own address (tests/lab/echo.ts)
  | 'data-bundle'; // static hosting of a signed data bundle (tests/lab/data-bundle.ts)

export type Group =
  'messengers' | 'social' | 'news' | 'circumvention' | 'control-domestic' | 'control-global';

export interface LabHost {
  name: string;
  ip: string;
  role: Role;
  /** For whole-connection scenarios. */
  group?: Group;
  /** Resolver rule override: '~NOTFOUND' or the name of the host whose address DNS gives. */
  dns?: '~NOTFOUND' | { poisonedTo: string };
  // Issue #13 (verdicts): pages and behaviours of national censors the lab lacked.
  /** A page this host serves instead of the lab's site page (tests/lab/pages.ts). */
  page?: LabPage;
  /** Answer every request with a 302 here; `{url}` becomes our own URL, percent-encoded. */
  redirectTo?: string;
  /** The uncensored resolvers say the name does not exist (the local one still answers). */
  dohUnknown?: true;
  /** HTTPS with the block server's certificate: a certificate for another name. */
  wrongCertificate?: true;
  /**
   * For 'sni-filter' hosts: a ClientHello without a server name (the probe's no-SNI control) is
   * held unanswered, so the control ends only by the probe's own deadline — as it does on a
   * browser whose socket pool is full (docs/benchmarks.md, #13 item 9: controls waited there past
   * a 5 s timeout), or at a server that ignores a ClientHello without a name.
   */
  silentWithoutName?: true;
  /** For 'data-bundle' hosts: which file this endpoint stores (tests/lab/data-bundle.ts). */
  bundle?: 'good' | 'tampered' | 'old' | 'missing';
}

/**
 * The lab's /24 inside 127.0.0.0/8. `VANTAGE_LAB_NET=3` moves every host to 127.0.3.x, so two
 * checkouts (or two engineers' helpers) can run lab tests side by side; 2 is the bench's.
 * e2e files run two at a time (scripts/test.ts): each vitest worker (VITEST_POOL_ID 1, 2, …; unset
 * outside vitest) gets its own lab, 100 nets past the previous worker's, so their fixed ports never
 * meet.
 */
const BASE_NET = Number(process.env.VANTAGE_LAB_NET ?? 1);
if (!Number.isInteger(BASE_NET) || BASE_NET < 1 || BASE_NET > 254 || BASE_NET === 2) {
  throw new Error(
    `VANTAGE_LAB_NET must be an integer 1..254 other than 2, not ${process.env.VANTAGE_LAB_NET}`,
  );
}
const WORKER = Number(process.env.VITEST_POOL_ID ?? 1);
/** Past 254 it wraps round (1..254, skipping the bench's 2): only e2e's two workers must differ. */
const shifted = ((BASE_NET - 1 + (WORKER - 1) * 100) % 254) + 1;
const LAB_NET = shifted === 2 ? 3 : shifted;
export const labIp = (n: number) => `127.0.${LAB_NET}.${n}`;
const ip = labIp;

export const LAB_HOSTS: readonly LabHost[] = [
  { name: 'clean.lab.test', ip: ip(10), role: 'site' },
  { name: 'nxdomain.lab.test', ip: ip(11), role: 'site', dns: '~NOTFOUND' },
  { name: 'gone.lab.test', ip: ip(12), role: 'site', dns: '~NOTFOUND' },
  { name: 'poisoned.lab.test', ip: ip(13), role: 'site', dns: { poisonedTo: 'block.lab.test' } },
  { name: 'block.lab.test', ip: ip(14), role: 'blockpage-server' },
  { name: 'refused.lab.test', ip: ip(15), role: 'refused' },
  { name: 'reset.lab.test', ip: ip(16), role: 'reset' },
  { name: 'blackhole.lab.test', ip: ip(17), role: 'blackhole' },
  { name: 'sni-blocked.lab.test', ip: ip(18), role: 'sni-filter' },
  { name: 'sni-ok.lab.test', ip: ip(18), role: 'sni-filter' },
  { name: 'intercept.lab.test', ip: ip(19), role: 'intercept' },
  { name: 'blockpage200.lab.test', ip: ip(20), role: 'blockpage200' },
  { name: 'redirect-block.lab.test', ip: ip(21), role: 'redirect-block' },
  { name: 'throttled.lab.test', ip: ip(22), role: 'throttled' },
  { name: 'http503.lab.test', ip: ip(23), role: 'http503' },
  { name: 'captive.lab.test', ip: ip(24), role: 'captive' },
  { name: 'doh1.lab.test', ip: ip(25), role: 'doh' },
  { name: 'doh2.lab.test', ip: ip(26), role: 'doh' },
  { name: 'garbage-doh.lab.test', ip: ip(27), role: 'garbage-doh' },
  { name: 'api.lab.test', ip: ip(28), role: 'api' },
  { name: 'echo.lab.test', ip: ip(29), role: 'echo' },
  // Sites for whole-connection scenarios (messenger block, whitelist, shutdown).
  { name: 'web.whatsapp.lab.test', ip: ip(40), role: 'site', group: 'messengers' },
  { name: 'telegram.lab.test', ip: ip(41), role: 'site', group: 'messengers' },
  { name: 'signal.lab.test', ip: ip(42), role: 'site', group: 'messengers' },
  { name: 'facebook.lab.test', ip: ip(43), role: 'site', group: 'social' },
  { name: 'youtube.lab.test', ip: ip(44), role: 'site', group: 'social' },
  { name: 'azattyq.lab.test', ip: ip(45), role: 'site', group: 'news' },
  { name: 'vlast.lab.test', ip: ip(46), role: 'site', group: 'news' },
  { name: 'torproject.lab.test', ip: ip(47), role: 'site', group: 'circumvention' },
  { name: 'egov.lab.test', ip: ip(48), role: 'site', group: 'control-domestic' },
  { name: 'kaspi.lab.test', ip: ip(49), role: 'site', group: 'control-domestic' },
  { name: 'wikipedia.lab.test', ip: ip(50), role: 'site', group: 'control-global' },
  { name: 'example.lab.test', ip: ip(51), role: 'site', group: 'control-global' },
  // Issue #13 (verdicts): blockpages that say it in other words, DNS lies behind failures,
  // redirect hops the local resolver hides, ambiguous single signals.
  { name: 'kz-notice.lab.test', ip: ip(70), role: 'site', page: 'kz-restricted' },
  { name: 'ru-notice.lab.test', ip: ip(71), role: 'site', page: 'ru-reworded' },
  { name: 'censorship-article.lab.test', ip: ip(72), role: 'site', page: 'article-about-censorship' },
  { name: 'bigsite.lab.test', ip: ip(73), role: 'site', page: 'big' },
  { name: 'legal451.lab.test', ip: ip(74), role: 'site', page: 'legal-451' },
  {
    name: 'redirect-url.lab.test',
    ip: ip(75),
    role: 'site',
    redirectTo: 'http://warning.isp-kz.test/?url={url}',
  },
  { name: 'warning.isp-kz.test', ip: ip(76), role: 'site', page: 'warning-landing' },
  { name: 'sinkhole.lab.test', ip: ip(77), role: 'refused', dohUnknown: true },
  { name: 'sinkhole-reset.lab.test', ip: ip(78), role: 'reset', dohUnknown: true },
  { name: 'redirect-hidden.lab.test', ip: ip(79), role: 'site', redirectTo: 'https://hidden.lab.test/' },
  { name: 'hidden.lab.test', ip: ip(80), role: 'site', dns: '~NOTFOUND' },
  { name: 'redirect-gone.lab.test', ip: ip(81), role: 'site', redirectTo: 'https://gone.lab.test/' },
  { name: 'kz-poisoned.lab.test', ip: ip(82), role: 'site', dns: { poisonedTo: 'kz-block.lab.test' } },
  { name: 'kz-block.lab.test', ip: ip(83), role: 'site', page: 'kz-restricted' },
  { name: 'wrong-cert.lab.test', ip: ip(84), role: 'site', wrongCertificate: true },
  { name: 'refused2.lab.test', ip: ip(85), role: 'refused' },
  { name: 'refused3.lab.test', ip: ip(86), role: 'refused' },
  { name: 'redirect-steered.lab.test', ip: ip(87), role: 'site', redirectTo: 'http://steered.lab.test/' },
  { name: 'steered.lab.test', ip: ip(88), role: 'site', dns: { poisonedTo: 'reset.lab.test' } },
  // Issue #16: data-bundle endpoints, and one where nothing listens (connection refused).
  { name: 'bundle-good.lab.test', ip: ip(90), role: 'data-bundle', bundle: 'good' },
  { name: 'bundle-tampered.lab.test', ip: ip(91), role: 'data-bundle', bundle: 'tampered' },
  { name: 'bundle-old.lab.test', ip: ip(92), role: 'data-bundle', bundle: 'old' },
  { name: 'bundle-missing.lab.test', ip: ip(93), role: 'data-bundle', bundle: 'missing' },
  { name: 'bundle-down.lab.test', ip: ip(94), role: 'refused' },
  // Resets a ClientHello naming it; one without a name is never answered (silentWithoutName).
  { name: 'sni-slow.lab.test', ip: ip(95), role: 'sni-filter', silentWithoutName: true },
];

/**
 * Extra hosts for the run-time benchmark (bench/run-time.ts), the first `blackholed` of them
 * blackholed. The default lab (net 1) keeps its bench on 127.0.2.x; past 254 hosts, and for any
 * other `VANTAGE_LAB_NET=N`, bench hosts live at 127.N.k.x (k = 1, 2, …, 254 hosts per /24): the
 * second octet is the lab's own number, so no bench ever lands in another lab's 127.0.N.x.
 */
export function benchHosts(count: number, blackholed: number): LabHost[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `bench${i}.lab.test`,
    ip: benchIp(i, count),
    role: i < blackholed ? ('blackhole' as const) : ('site' as const),
  }));
}

function benchIp(i: number, count: number): string {
  if (LAB_NET === 1 && count <= 254) return `127.0.2.${i + 1}`;
  if (count > 254 * 254) throw new Error(`at most ${254 * 254} bench hosts, not ${count}`);
  return `127.${LAB_NET}.${Math.floor(i / 254) + 1}.${(i % 254) + 1}`;
}

export function hostByName(hosts: readonly LabHost[], name: string): LabHost {
  const host = hosts.find((h) => h.name === name);
  if (!host) throw new Error(`no lab host ${name}`);
  return host;
}

/** Every name the lab's DoH servers (an uncensored resolver) know, with its true address. */
export function trueAddresses(hosts: readonly LabHost[]): Map<string, string> {
  const table = new Map<string, string>();
  for (const host of hosts)
    if (host.name !== 'gone.lab.test' && !host.dohUnknown) table.set(host.name, host.ip);
  return table;
}

/**
 * Chromium `--host-resolver-rules`: the censored system resolver. Ends with
 * `MAP * ~NOTFOUND` (then `EXCLUDE localhost`) so no name outside the lab is ever really looked up.
 */
export function resolverRules(hosts: readonly LabHost[]): string {
  const rules = hosts.map((host) => {
    if (host.dns === '~NOTFOUND') return `MAP ${host.name} ~NOTFOUND`;
    if (host.dns) return `MAP ${host.name} ${hostByName(hosts, host.dns.poisonedTo).ip}`;
    return `MAP ${host.name} ${host.ip}`;
  });
  // Chromium applies `MAP *` to IP literals too: without these, `https://<lab ip>/` (the probe's
  // no-SNI control) fails with ERR_NAME_NOT_RESOLVED. Exact addresses, never a pattern, so a
  // name such as 127.0.1.evil.example still ends at ~NOTFOUND.
  const literals = [...new Set(hosts.map((host) => host.ip))].map((ip) => `MAP ${ip} ${ip}`);
  // EXCLUDE keeps localhost resolving as itself (DevTools and harness endpoints).
  return [...rules, ...literals, 'MAP * ~NOTFOUND', 'EXCLUDE localhost'].join(', ');
}
