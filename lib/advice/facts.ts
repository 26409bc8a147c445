import { ALL_CARDS } from './cards';
import type { AdviceCard, AdviceLink } from './types';

/**
 * The advice's facts that go stale between releases, which a signed data bundle may update
 * (docs/advice.md#what-a-data-bundle-can-change): where to get each tool — its official
 * download page, the address of an email autoresponder, a Telegram bot, an F-Droid or app store
 * page. An address gets blocked or moved long before the advice around it is wrong.
 *
 * The words stay in public/_locales: a bundle names a link's label by one of the message keys the
 * shipped cards already use, so whatever it changes still reads in English, Russian and Kazakh, and
 * a bundle can never put a sentence of its own in front of the user.
 *
 * Wire format (`contents.advice` of a bundle):
 *   { "links": { "<card id>": [ { "kind": "official-site", "url": "https://…", "labelKey": "adviceLinkOfficialSite" } ] } }
 * A card listed gets exactly these links in place of its shipped ones; a card not listed keeps its own.
 */
export interface AdviceFacts {
  links: Record<string, AdviceLink[]>;
}

type OutsideKind = Exclude<AdviceLink['kind'], 'extension-page'>;
const OUTSIDE_KINDS: readonly OutsideKind[] = [
  'official-site',
  'app-store',
  'email-autoresponder',
  'f-droid',
  'telegram-bot',
];
const MAX_LINKS_PER_CARD = 6;
const MAX_URL_CHARS = 2_048;

/** Labels a bundle may use: those of the shipped cards' outside links (each in every locale). */
// (Functions, not constants: a module-level Set would stay in the popup's JavaScript, which never checks.)
const labelKeys = (): ReadonlySet<string> =>
  new Set(
    ALL_CARDS.flatMap((card) => card.links.filter((l) => l.kind !== 'extension-page').map((l) => l.labelKey)),
  );

/**
 * Cards a bundle may give links to: every card whose links all lead outside. A card that points at
 * Vantage's own pages (the offline library) keeps them: those are not facts about the world.
 */
const updatable = (): ReadonlySet<string> =>
  new Set(
    ALL_CARDS.filter((card) => card.links.every((l) => l.kind !== 'extension-page')).map((card) => card.id),
  );

export function parseAdviceFacts(
  value: unknown,
): { ok: true; facts: AdviceFacts } | { ok: false; detail: string } {
  if (!isRecord(value) || !isRecord(value.links))
    return { ok: false, detail: 'advice: expected {"links": {"<card id>": [...]}}' };
  const cardIds = updatable();
  const labels = labelKeys();
  const links: Record<string, AdviceLink[]> = {};
  for (const [cardId, list] of Object.entries(value.links)) {
    const where = `advice.links.${cardId}`;
    if (!cardIds.has(cardId)) {
      return {
        ok: false,
        detail: `${where}: no card with links a bundle may change (known: ${[...cardIds].join(', ')})`,
      };
    }
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_LINKS_PER_CARD) {
      return { ok: false, detail: `${where}: a list of 1 to ${MAX_LINKS_PER_CARD} links` };
    }
    const parsed: AdviceLink[] = [];
    for (const [i, entry] of list.entries()) {
      const at = `${where}[${i}]`;
      if (!isRecord(entry)) return { ok: false, detail: `${at}: expected {"kind", "url", "labelKey"}` };
      const { kind, url, labelKey } = entry;
      if (typeof kind !== 'string' || !OUTSIDE_KINDS.includes(kind as OutsideKind)) {
        return {
          ok: false,
          detail: `${at}.kind: ${JSON.stringify(kind)} is not one of ${OUTSIDE_KINDS.join(', ')}`,
        };
      }
      if (typeof labelKey !== 'string' || !labels.has(labelKey)) {
        return {
          ok: false,
          detail: `${at}.labelKey: ${JSON.stringify(labelKey)} is not one of ${[...labels].join(', ')}`,
        };
      }
      const problem = urlProblem(kind as OutsideKind, url);
      if (problem) return { ok: false, detail: `${at}.url: ${problem}` };
      if (parsed.some((link) => link.url === url)) return { ok: false, detail: `${at}.url: listed twice` };
      parsed.push({ kind: kind as OutsideKind, url: url as string, labelKey });
    }
    links[cardId] = parsed;
  }
  return { ok: true, facts: { links } };
}

/**
 * What each kind of link may be. The popup opens these in a new tab on a click, so each is held to
 * the one form its kind has: https with a real host and no credentials; a bare `mailto:` address
 * (no subject or body a bundle could pre-fill); a Telegram bot on t.me.
 */
function urlProblem(kind: OutsideKind, value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_URL_CHARS)
    return `a string of at most ${MAX_URL_CHARS} characters`;
  if (kind === 'email-autoresponder') {
    return /^mailto:[a-z0-9._+-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(value)
      ? undefined
      : 'not a bare mailto: address';
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:') return 'only https: addresses';
  if (url.username || url.password) return 'no credentials in the address';
  if (!url.hostname.includes('.')) return 'not a full domain name';
  if (
    kind === 'telegram-bot' &&
    (url.hostname !== 't.me' || !/^\/[A-Za-z0-9_]{5,32}$/.test(url.pathname) || url.search)
  ) {
    return 'a Telegram bot is https://t.me/<name>';
  }
  return undefined;
}

// The facts in force in this page or worker (lib/data-bundle/in-force.ts sets them).
let inForce: AdviceFacts | undefined;

/** Use these facts (from the installed data bundle) over the shipped ones; undefined: shipped only. */
export function setAdviceFacts(facts: AdviceFacts | undefined): void {
  inForce = facts;
}

/** The cards with the facts in force: a card the bundle names gets the bundle's links. */
export function withFactsInForce(cards: AdviceCard[]): AdviceCard[] {
  const links = inForce?.links;
  if (!links) return cards;
  return cards.map((card) => (Object.hasOwn(links, card.id) ? { ...card, links: links[card.id]! } : card));
}

/** The shipped cards' facts, in the form a bundle carries them (what `npm run data:bundle` publishes). */
export function shippedAdviceFacts(): AdviceFacts {
  return {
    links: Object.fromEntries(
      ALL_CARDS.filter((card) => updatable().has(card.id) && card.links.length > 0).map((card) => [
        card.id,
        card.links.map(({ kind, url, labelKey }) => ({ kind, url, labelKey })),
      ]),
    ),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
