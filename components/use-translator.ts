import { useEffect, useState } from 'preact/hooks';
import { loadTranslator, type Translate } from '../lib/i18n';
import { loadSettings } from '../lib/settings';

export interface TranslatorState {
  t: Translate;
  language: string;
  ready: boolean;
}

const untranslated: Translate = (key) => key;

/** Loads the user's language once per page; renders keys until then (a few ms). */
export function useTranslator(): TranslatorState {
  const [state, setState] = useState<TranslatorState>({ t: untranslated, language: 'en', ready: false });
  useEffect(() => {
    void loadSettings()
      .then((settings) => loadTranslator(settings.language))
      .then(({ t, language }) => {
        document.documentElement.lang = language;
        setState({ t, language, ready: true });
      });
  }, []);
  return state;
}
