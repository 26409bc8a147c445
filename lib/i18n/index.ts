import { browser } from 'wxt/browser';
import type { Language } from '../settings';
import {
  createTranslator,
  resolveLanguage,
  SUPPORTED_LANGUAGES,
  type Messages,
  type SupportedLanguage,
  type Translate,
} from './translate';

export type { Translate, Messages, SupportedLanguage } from './translate';
export { dateFormatter, formatDate, formatDay, timeAgo } from './format';

const loading = new Map<SupportedLanguage, Promise<Messages>>();

/**
 * A language's messages file, shipped inside the extension (so this works offline), fetched once
 * per page. browser.i18n alone cannot switch language at run time, which the options page promises.
 */
function loadMessages(language: SupportedLanguage): Promise<Messages> {
  let pending = loading.get(language);
  if (!pending) {
    pending = fetch(browser.runtime.getURL(`/_locales/${language}/messages.json`)).then(
      (response) => response.json() as Promise<Messages>,
    );
    loading.set(language, pending);
  }
  return pending;
}

/** browser.i18n with our conventions: numbers allowed, a missing key shows the key. */
const browserTranslator: Translate = (key, ...substitutions) =>
  (browser.i18n as unknown as { getMessage(key: string, substitutions: string[]): string }).getMessage(
    key,
    substitutions.map(String),
  ) || key;

/** The translator for the user's language choice (settings.language). */
export async function loadTranslator(
  choice: Language,
): Promise<{ t: Translate; language: SupportedLanguage }> {
  // The browser already holds one of our messages files: its own pick for its language, falling
  // back to English. "Follow the browser" means that pick, asked rather than guessed from
  // getUILanguage() (Chromium started with --lang=kk serves kk while that still says en-US).
  // Reading it costs no fetch, which is much of a popup's first paint; any other language needs
  // its file.
  const browserPick = browserTranslator('messagesLanguage');
  const picked = (SUPPORTED_LANGUAGES as readonly string[]).includes(browserPick)
    ? (browserPick as SupportedLanguage)
    : resolveLanguage('auto', browser.i18n.getUILanguage());
  const language = choice === 'auto' ? picked : choice;
  if (language === browserPick) return { t: browserTranslator, language };
  const [english, messages] = await Promise.all([loadMessages('en'), loadMessages(language)]);
  return { t: createTranslator(messages, english), language };
}
export { plural } from './plural';
