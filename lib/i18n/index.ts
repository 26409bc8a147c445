import { browser } from 'wxt/browser';
import type { Language } from '../settings/schema';
import {
  createTranslator,
  resolveLanguage,
  type Messages,
  type SupportedLanguage,
  type Translate,
} from './translate';

export { createTranslator, resolveLanguage, SUPPORTED_LANGUAGES } from './translate';
export type { Translate, Messages, SupportedLanguage } from './translate';

const loading = new Map<SupportedLanguage, Promise<Messages>>();

/**
 * The files ship inside the extension, so this works offline. browser.i18n alone cannot switch
 * language at run time, which the options page promises. Each file is fetched once per page,
 * and can be asked for early (prefetchMessages) so it loads while settings are being read.
 */
export function prefetchMessages(language: SupportedLanguage): Promise<Messages> {
  let pending = loading.get(language);
  if (!pending) {
    pending = fetch(browser.runtime.getURL(`/_locales/${language}/messages.json`)).then(
      (response) => response.json() as Promise<Messages>,
    );
    loading.set(language, pending);
  }
  return pending;
}
const loadMessages = prefetchMessages;

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
  const browserLanguage = browser.i18n.getUILanguage();
  const language = resolveLanguage(choice, browserLanguage);
  // The browser already holds the messages of its own language (falling back to English, the
  // default_locale): reading them costs no file fetch, which is most of a popup's first paint.
  // Only a language chosen against the browser's needs its file.
  if (language === resolveLanguage('auto', browserLanguage)) return { t: browserTranslator, language };
  const [english, messages] = await Promise.all([loadMessages('en'), loadMessages(language)]);
  return { t: createTranslator(messages, english), language };
}
