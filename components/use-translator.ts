import { useEffect, useState } from 'preact/hooks';
import { loadTranslator, prefetchMessages, type Translate } from '../lib/i18n';
import { loadSettings } from '../lib/settings';

export interface TranslatorState {
  t: Translate;
  language: string;
  ready: boolean;
}

const untranslated: Translate = (key) => key;

let pending: Promise<{ t: Translate; language: string }> | undefined;
/**
 * Start loading the user's language now; pages call this before their first render so the
 * English file and the settings load side by side. Every useTranslator in the page shares it.
 */
export function startTranslator(): Promise<{ t: Translate; language: string }> {
  if (!pending) {
    void prefetchMessages('en');
    pending = loadSettings().then((settings) => loadTranslator(settings.language));
  }
  return pending;
}

/** The user's language, once per page; `ready` is false (and keys are shown) for the first few ms. */
export function useTranslator(): TranslatorState {
  const [state, setState] = useState<TranslatorState>({ t: untranslated, language: 'en', ready: false });
  useEffect(() => {
    void startTranslator().then(({ t, language }) => {
      document.documentElement.lang = language;
      setState({ t, language, ready: true });
    });
  }, []);
  return state;
}
