import { useEffect, useState } from 'preact/hooks';
import { ContributionPanel } from '../../components/contribute/ContributionPanel';
import { useTranslator } from '../../components/use-translator';
import { loadSettings, saveSettings, type Language, type Settings } from '../../lib/settings';

const LANGUAGE_NAMES: Record<Exclude<Language, 'auto'>, string> = {
  en: 'English',
  ru: 'Русский',
  kk: 'Қазақша',
};

export function Options() {
  const { t } = useTranslator();
  const [settings, setSettings] = useState<Settings | undefined>();
  const [saved, setSaved] = useState(false);

  useEffect(() => void loadSettings().then(setSettings), []);

  async function chooseLanguage(language: Language) {
    setSettings(await saveSettings({ language }));
    setSaved(true);
    location.reload();
  }

  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      {settings && (
        <label>
          {t('optionsLanguage')}{' '}
          <select
            data-testid="language"
            value={settings.language}
            onChange={(event) => void chooseLanguage(event.currentTarget.value as Language)}
          >
            <option value="auto">{t('optionsLanguageAuto')}</option>
            {Object.entries(LANGUAGE_NAMES).map(([code, name]) => (
              <option key={code} value={code} lang={code}>
                {name}
              </option>
            ))}
          </select>
        </label>
      )}
      {saved && <p role="status">{t('optionsSaved')}</p>}
      <section id="contribution" aria-labelledby="contribute-title">
        <ContributionPanel />
      </section>
    </main>
  );
}
