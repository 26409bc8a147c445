/** The shape of a browser.i18n messages.json file. */
export type Messages = Record<string, { message: string; description?: string }>;

export type Translate = (key: string, ...substitutions: (string | number)[]) => string;

/**
 * A translator over one locale's messages, falling back to a second (English) so a missing
 * string shows in English rather than as a blank. `$1`…`$9` are positional substitutions,
 * as in browser.i18n.getMessage.
 */
export function createTranslator(messages: Messages, fallback: Messages = {}): Translate {
  return (key, ...substitutions) => {
    const template = messages[key]?.message ?? fallback[key]?.message;
    if (template === undefined) return key;
    return template
      .replace(/\$(\d)/g, (whole, digit: string) => {
        const value = substitutions[Number(digit) - 1];
        return value === undefined ? whole : String(value);
      })
      .replace(/\$\$/g, '$');
  };
}

export const SUPPORTED_LANGUAGES = ['en', 'ru', 'kk'] as const;
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];

/** 'auto' follows the browser's UI language when we have it, else English. */
export function resolveLanguage(
  choice: 'auto' | SupportedLanguage,
  browserLanguage: string,
): SupportedLanguage {
  if (choice !== 'auto') return choice;
  const base = browserLanguage.toLowerCase().split(/[-_]/)[0];
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(base ?? '') ? (base as SupportedLanguage) : 'en';
}
