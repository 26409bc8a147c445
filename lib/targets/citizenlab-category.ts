import type { Category } from './types';

/**
 * How a Citizen Lab category code (test-lists, lists/00-LEGEND-new_category_codes.csv) answers one
 * of our users' questions. Every code of the legend is listed, so a code is never `other` by
 * accident; the table in docs/methodology.md §2.11 says the same in words.
 *  - `news`, `social`, `circumvention`, `control-global` follow the code directly.
 *  - `domestic`: government sites (GOVT), the country's own shops and banks (COMM) and portals
 *    (SRCH), and control sites (CTRL) are the domestic control when the list is a country's and
 *    the host is under that country's domain: these are what a government whitelist keeps alive
 *    during a shutdown (Kazakhstan, January 2022: egov, banks). A foreign host in a country list
 *    (kz.csv lists bis.doc.gov as GOVT because it is blocked there) is not.
 *  - `comt`: Communication Tools mixes instant messengers with webmail, VoIP, translators and
 *    forums; only messengers answer "can I reach my messengers?" (by domain, or by the notes).
 *  - POLR and HUMR are not `news`: "is the news blocked?" should mean news outlets, not a party's
 *    website. Everything else is `other`, with its code kept on the target.
 */
type Rule = Category | 'domestic' | 'comt';

export const CITIZEN_LAB_RULES: Readonly<Record<string, Rule>> = {
  ALDR: 'other', // Alcohol & Drugs
  REL: 'other', // Religion
  PORN: 'other', // Pornography
  PROV: 'other', // Provocative Attire
  POLR: 'other', // Political Criticism
  HUMR: 'other', // Human Rights Issues
  ENV: 'other', // Environment
  MILX: 'other', // Terrorism and Militants
  HATE: 'other', // Hate Speech
  NEWS: 'news', // News Media
  XED: 'other', // Sex Education
  PUBH: 'other', // Public Health
  GMB: 'other', // Gambling
  ANON: 'circumvention', // Anonymization and circumvention tools
  DATE: 'other', // Online Dating
  GRP: 'social', // Social Networking (facebook.com, twitter.com, ok.ru)
  LGBT: 'other', // LGBT
  FILE: 'other', // File-sharing
  HACK: 'other', // Hacking Tools
  COMT: 'comt', // Communication Tools
  // Media sharing: YouTube and Instagram are MMED in the global list, and people count them as
  // social media; a few file-sharing sites come along, which is the lesser error.
  MMED: 'social',
  HOST: 'other', // Hosting and Blogging Platforms
  SRCH: 'domestic', // Search Engines (and portals: yandex.kz in kz.csv)
  GAME: 'other', // Gaming
  CULTR: 'other', // Culture
  ECON: 'other', // Economics
  GOVT: 'domestic', // Government
  COMM: 'domestic', // E-commerce (banks: halykbank.kz in kz.csv)
  CTRL: 'domestic', // Control content: a domestic host is a domestic control, else a global one
  IGO: 'other', // Intergovernmental Organizations
  MISC: 'other', // Miscellaneous content
};

/**
 * Codes older lists still carry, by the code that replaced them (the legend's "Replaces old
 * code(s)" column). MSG was instant messaging alone, so it needs no second look.
 */
export const OLD_CODES: Readonly<Record<string, string>> = {
  POLT: 'POLR',
  MINR: 'HUMR',
  WOMR: 'HUMR',
  MINF: 'HUMR',
  FEXP: 'NEWS',
  SELFHARM: 'PUBH',
  GAYL: 'LGBT',
  P2P: 'FILE',
  SFTWR: 'FILE',
  WRZ: 'FILE',
  VOIP: 'COMT',
  EMAIL: 'COMT',
  TRNS: 'COMT',
  BLGSERV: 'HOST',
  CLOUD: 'HOST',
  HAL: 'CULTR',
  DEV: 'ECON',
  FREL: 'GOVT',
  USMIL: 'GOVT',
  CACH: 'CTRL',
  KWRD: 'MISC',
};

/** Messenger domains: a messenger whatever code a list gives it (OONI moved telegram.org to GRP). */
const MESSENGER_DOMAINS: readonly string[] = [
  'whatsapp.com',
  'whatsapp.net',
  'telegram.org',
  'telegram.me',
  't.me',
  'signal.org',
  'messenger.com',
  'viber.com',
  'discord.com',
  'discord.gg',
  'wechat.com',
  'line.me',
  'skype.com',
  'threema.ch',
  'element.io',
  'matrix.org',
  'wire.com',
  'imo.im',
  'simplex.chat',
  'delta.chat',
];

// Words a list's notes use for a messenger, in English, Russian and Kazakh, and the apps' names.
const MESSENGER_WORDS =
  /(?:messenger|messaging|мессенджер|месенджер|telegram|телеграм|whatsapp|ватсап|signal|viber|вайбер|wechat|threema|simplex|delta chat)/giu;
// "webmail, not a messenger", "не мессенджер", "мессенджер емес": a word denied is no evidence.
const DENIED_BEFORE = /(?:(?:^|[^\p{L}'])(?:not|no|не|нет)|n't)\s+(?:an?\s+)?$/iu;
const DENIED_AFTER = /^\s*емес/iu;
// A control must answer when the network is up: a note saying the site is blocked rules it out.
const SAYS_BLOCKED = /(?:\bblock(?:ed|ing|s)?\b|блокир|бұғатта|шектел)/iu;

export interface CategoryContext {
  /** ISO 3166-1 alpha-2 code of the list's country (kz.csv → KZ); none for the global list. */
  country?: string;
  /** The row's `notes` column. */
  notes?: string;
}

/** Our category for a Citizen Lab code (any case, old codes too) and URL; unknown codes are `other`. */
export function categoryFromCitizenLab(
  code: string | undefined,
  url: string,
  context: CategoryContext = {},
): Category {
  const host = hostOf(url);
  if (host && MESSENGER_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`)))
    return 'messengers';
  const upper = code?.trim().toUpperCase() ?? '';
  if (upper === 'MSG') return 'messengers';
  const rule = CITIZEN_LAB_RULES[OLD_CODES[upper] ?? upper] ?? 'other';
  if (rule === 'comt') return notesSayMessenger(context.notes) ? 'messengers' : 'other';
  if (rule !== 'domestic') return rule;
  const domestic =
    host !== undefined &&
    context.country !== undefined &&
    isDomesticHost(host, context.country) &&
    !SAYS_BLOCKED.test(context.notes ?? '');
  if (domestic) return 'control-domestic';
  if (upper === 'CTRL' || upper === 'CACH')
    return SAYS_BLOCKED.test(context.notes ?? '') ? 'other' : 'control-global';
  return 'other';
}

/** True when the notes name a messenger and do not deny it. */
export function notesSayMessenger(notes: string | undefined): boolean {
  if (!notes) return false;
  for (const match of notes.matchAll(MESSENGER_WORDS)) {
    const before = notes.slice(0, match.index);
    const after = notes.slice(match.index + match[0].length).replace(/^\S*/u, '');
    if (!DENIED_BEFORE.test(before) && !DENIED_AFTER.test(after)) return true;
  }
  return false;
}

// Country domains that are not the ISO code, and the countries' Cyrillic domains.
const EXTRA_DOMAINS: Readonly<Record<string, readonly string[]>> = {
  KZ: ['xn--80ao21a'], // .қаз
  RU: ['xn--p1ai', 'su'], // .рф, .su
  BY: ['xn--90ais'], // .бел
  UA: ['xn--j1amh'], // .укр
  GB: ['uk'],
};

/** A host under the country's own top-level domain (astana.gov.kz for KZ). */
function isDomesticHost(host: string, country: string): boolean {
  const cc = country.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(cc)) return false;
  const tlds = [cc.toLowerCase(), ...(EXTRA_DOMAINS[cc] ?? [])];
  const tld = host.toLowerCase().replace(/\.$/, '').split('.').pop() ?? '';
  return tlds.includes(tld);
}

/**
 * The list's country from its file name: Citizen Lab names country lists by ISO code (kz.csv);
 * a browser may add " (1)" to a second download. global.csv and any other name: none.
 */
export function countryFromFileName(name: string): string | undefined {
  const match = /^([a-z]{2})(?:\s*\(\d+\))?\.csv$/i.exec(name.trim());
  return match ? match[1]!.toUpperCase() : undefined;
}

/**
 * The code as we keep it on a target: upper-case letters and digits, at most 16 characters
 * (the legend's longest is 8, SELFHARM). Imported lists are untrusted; anything else is dropped.
 */
export function cleanCategoryCode(raw: string | undefined): string | undefined {
  const code = raw?.trim().toUpperCase() ?? '';
  return /^[A-Z0-9_]{1,16}$/.test(code) ? code : undefined;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}
