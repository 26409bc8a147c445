import { CARDS, type CardName } from './cards';
import { withFactsInForce } from './facts';
import type { AdviceCard, ConnectionSituation, SiteSituation } from './types';
import type { ConnectionState } from '../verdict/types';

/**
 * Which cards to show, decided from data only (no browser, no storage): the connection as a
 * whole (under the banner) and one site's verdict (in "this site"). The rules table is
 * documented in docs/advice.md; each rule has a unit test named after it.
 */

const pick = (names: readonly CardName[]): AdviceCard[] => names.map((name) => CARDS[name]);

/** The tools that get around one blocked address, best first. */
const CIRCUMVENTION: readonly CardName[] = ['torBrowser', 'psiphon', 'vpn'];
const MESSENGERS: readonly CardName[] = ['telegramProxy', 'signalProxy', 'whatsappProxy', 'briar'];

/** Connection states in which nothing abroad answers, so per-site tools cannot help. */
const NOTHING_ABROAD_ANSWERS: ReadonlySet<ConnectionState> = new Set([
  'offline',
  'captive-portal',
  'shutdown',
  'whitelist',
]);

/** The cards for the connection, with the facts in force (a signed data bundle's links, lib/advice/facts.ts). */
export function adviceForConnection(situation: ConnectionSituation): AdviceCard[] {
  return withFactsInForce(connectionCards(situation));
}

function connectionCards(situation: ConnectionSituation): AdviceCard[] {
  const cards = cardsForState(situation);
  // Interception is worth knowing whatever else holds, and before anything else is typed.
  if (!situation.intercepted || situation.state === 'offline') return cards;
  return [CARDS.interception, ...cards.filter((card) => card !== CARDS.interception)];
}

function cardsForState({ state, blockedCategories }: ConnectionSituation): AdviceCard[] {
  switch (state) {
    case 'offline':
      return pick(['offlineDevice']);
    case 'captive-portal':
      return pick(['captive']);
    case 'shutdown':
      // Briar needs no internet at all; everything else here is about reading and talking offline.
      return pick(['offlineLibrary', 'offlinePack', 'smsRadio', 'briar']);
    case 'whitelist':
      return pick(['whitelist', 'offlineLibrary', 'briar']);
    case 'throttled':
      return pick(['throttled', 'offlineLibrary']);
    case 'selective': {
      const names: CardName[] = [];
      if (blockedCategories.includes('messengers')) names.push(...MESSENGERS);
      // Tor itself blocked: bridges first, then Psiphon, which has its own ways around.
      if (blockedCategories.includes('circumvention')) names.push('torBridges', 'psiphon');
      if (blockedCategories.some((c) => c !== 'messengers' && c !== 'circumvention')) {
        names.push(...CIRCUMVENTION);
      }
      return pick(dedupe(names.length > 0 ? names : [...CIRCUMVENTION]));
    }
    case 'normal':
      return pick(['prepare']);
    case 'unknown':
      return [];
  }
}

/** The messenger whose own proxy setting fits this host, if it is one we know. */
function messengerCard(host: string): CardName | undefined {
  // By label, so telegram.org, web.telegram.org and web.whatsapp.com all match; t.me is Telegram's.
  const labels = host.toLowerCase().split('.');
  if (labels.includes('telegram') || /(^|\.)t\.me$/.test(host.toLowerCase())) return 'telegramProxy';
  if (labels.includes('whatsapp')) return 'whatsappProxy';
  if (labels.includes('signal')) return 'signalProxy';
  return undefined;
}

/** TLS failures that point at someone presenting their own certificate: interception. */
const INTERCEPTION_SUBKINDS = new Set(['tls/untrusted-root', 'tls/cert-invalid', 'tls/cert-mismatch']);

/** One site's cards, with the facts in force (as adviceForConnection). */
export function adviceForSite(site: SiteSituation): AdviceCard[] {
  return withFactsInForce(siteCards(site));
}

function siteCards(site: SiteSituation): AdviceCard[] {
  const { blocking, subKind, category, host, connection } = site;
  // The connection's own cards already say what to do; a per-site tool cannot help.
  if (NOTHING_ABROAD_ANSWERS.has(connection)) return [];

  const names: CardName[] = [];
  const blocked = ['dns', 'tcp_ip', 'tls', 'http-blockpage', 'http-failure'].includes(blocking);

  if (blocking === 'tls' && INTERCEPTION_SUBKINDS.has(subKind)) {
    // The warning comes first; Tor Browser does not trust a root installed on the device.
    names.push('interception', 'torBrowser');
  } else if (blocking === 'dns') {
    names.push('secureDns');
  } else if (blocking === 'throttled') {
    names.push('throttled');
  } else if (blocking === 'down') {
    names.push('siteDown');
  }

  if (blocked && category === 'messengers') {
    const own = messengerCard(host);
    names.push(...(own ? [own, 'briar' as const] : MESSENGERS));
  }
  if (blocked && category === 'circumvention') names.push('torBridges', 'psiphon');
  // A redirect loop is the site's own bug far more often than a censor's doing.
  if (blocked && subKind !== 'http-failure/redirect-loop') names.push(...CIRCUMVENTION);
  return pick(dedupe(names));
}

/**
 * A site's cards split into those not on screen yet and those the connection's advice already
 * shows above. In a 400-pixel popup the same card twice is a wall to scroll past; the repeated
 * ones are named with a pointer up instead, in the site's order (its best tool first).
 */
export function splitRepeats(
  siteCards: readonly AdviceCard[],
  shownAbove: readonly AdviceCard[],
): { fresh: AdviceCard[]; above: AdviceCard[] } {
  const above = new Set(shownAbove.map((card) => card.id));
  return {
    fresh: siteCards.filter((card) => !above.has(card.id)),
    above: siteCards.filter((card) => above.has(card.id)),
  };
}

function dedupe<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/**
 * Whether to offer other addresses (mirrors, archives) for a page: when it looks blocked or
 * down, and while something abroad can still answer (not offline, behind a portal, or cut off).
 */
export function wantsAlternatives(blocking: SiteSituation['blocking'], connection: ConnectionState): boolean {
  if (connection === 'offline' || connection === 'captive-portal' || connection === 'shutdown') return false;
  return ['dns', 'tcp_ip', 'tls', 'http-blockpage', 'http-failure', 'down'].includes(blocking);
}
