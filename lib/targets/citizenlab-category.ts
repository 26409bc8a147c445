import type { Category } from './types';

/**
 * Citizen Lab category codes (test-lists, lists/00-LEGEND-new_category_codes.csv) that answer one
 * of our users' questions directly. Everything else — religion, LGBT, human rights, political
 * criticism, government… — is kept as `other` with its code, so nothing is lost and the UI can
 * still group by code. POLR and HUMR are not folded into `news`: "is the news blocked?" should
 * mean news outlets, and a verdict of "news blocked" should not rest on a party's website.
 */
const BY_CODE: Readonly<Record<string, Category>> = {
  NEWS: 'news', // News Media
  GRP: 'social', // Social Networking (facebook.com, twitter.com, ok.ru)
  // Media sharing: YouTube and Instagram are MMED in the global list, and people count them as
  // social media; a few file-sharing sites come along, which is the lesser error.
  MMED: 'social',
  ANON: 'circumvention', // Anonymization and circumvention tools
  CTRL: 'control-global', // Control content: benign sites chosen as controls
};

/**
 * COMT ("Communication Tools") mixes instant messengers with webmail, VoIP and forums. Only the
 * messengers answer "can I reach my messengers?", so only their domains become `messengers`.
 */
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
];

/** Our category for a Citizen Lab code (any case) and URL; unknown or missing codes are `other`. */
export function categoryFromCitizenLab(code: string | undefined, url: string): Category {
  const upper = code?.trim().toUpperCase() ?? '';
  if (upper === 'COMT') return isMessenger(url) ? 'messengers' : 'other';
  return BY_CODE[upper] ?? 'other';
}

function isMessenger(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return MESSENGER_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/**
 * The code as we keep it on a target: upper-case letters and digits, at most 16 characters
 * (the legend's longest is 5). Imported lists are untrusted; anything else is dropped.
 */
export function cleanCategoryCode(raw: string | undefined): string | undefined {
  const code = raw?.trim().toUpperCase() ?? '';
  return /^[A-Z0-9_]{1,16}$/.test(code) ? code : undefined;
}
