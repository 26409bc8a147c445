import { useEffect, useState } from 'preact/hooks';
import { loadTranslator, type Translate } from '../lib/i18n';
import { pageSettings } from './page-settings';

export interface TranslatorState {
  t: Translate;
  language: string;
  ready: boolean;
}

const untranslated: Translate = (key) => key;

let pending: Promise<{ t: Translate; language: string }> | undefined;
let loaded: { t: Translate; language: string } | undefined;
/**
 * Start loading the user's language now; pages call this before their first render (the popup
 * awaits it, so its first render is already translated). Every useTranslator in the page shares it.
 */
export function startTranslator(): Promise<{ t: Translate; language: string }> {
  if (!pending) {
    pending = pageSettings()
      .then((settings) => loadTranslator(settings.language))
      .then((translator) => {
        document.documentElement.lang = translator.language;
        return (loaded = translator);
      });
  }
  return pending;
}

/** The user's language, once per page; `ready` is false (and keys are shown) for the first few ms. */
export function useTranslator(): TranslatorState {
  // A page that awaited startTranslator() before rendering gets its strings in the first render.
  const [state, setState] = useState<TranslatorState>(() =>
    loaded ? { ...loaded, ready: true } : { t: untranslated, language: 'en', ready: false },
  );
  useEffect(() => {
    if (!state.ready) void startTranslator().then((translator) => setState({ ...translator, ready: true }));
  }, []);
  return state;
}
