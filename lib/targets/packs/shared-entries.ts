import type { PackEntry } from '../pack';

/**
 * Tor and Psiphon, in every pack: the tools people under censorship are told to try first, so
 * whether their sites and Tor's Snowflake broker answer is itself advice. Tor's site has been
 * blocked in Russia since Dec 2021 (OONI, "Russia started blocking Tor", 2021) and is on
 * Kazakhstan's register of blocked sites (net4people/bbs#462). The three sites are ANON entries in
 * Citizen Lab's global list; the broker is the address Tor Browser's Snowflake ships with.
 */
export const TOR_AND_PSIPHON: readonly PackEntry[] = [
  ['https://www.torproject.org/', 'Tor Project'],
  ['https://bridges.torproject.org/', 'Tor bridges'],
  // The rendezvous every Snowflake client contacts first: if it is blocked, Snowflake needs a
  // different rendezvous (domain fronting, AMP cache) to start.
  ['https://snowflake-broker.torproject.net/', 'Tor Snowflake broker'],
  ['https://psiphon.ca/', 'Psiphon'],
];

/**
 * Large, politically dull sites blocked almost nowhere: when these fail too, the problem is the
 * connection (or a shutdown), not a block of one site. Wikipedia is on Citizen Lab's global list
 * (CULTR); example.com is IANA's reserved example domain.
 */
export const GLOBAL_CONTROLS: readonly PackEntry[] = [
  ['https://www.wikipedia.org/', 'Wikipedia'],
  ['https://example.com/', 'example.com (IANA)'],
  ['https://www.mozilla.org/', 'Mozilla'],
];
