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

/** The translator for the user's language choice (settings.language). */
export async function loadTranslator(
  choice: Language,
): Promise<{ t: Translate; language: SupportedLanguage }> {
  const language = resolveLanguage(choice, browser.i18n.getUILanguage());
  const english = await loadMessages('en');
  const messages = language === 'en' ? english : await loadMessages(language);
  return { t: createTranslator(messages, english), language };
}
