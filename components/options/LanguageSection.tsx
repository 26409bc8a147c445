import type { Language } from '../../lib/settings';
import type { SectionProps } from './section-props';
import { Section } from './Section';

// Each language is named in itself, so someone who cannot read the current one still finds theirs.
const LANGUAGE_NAMES: Record<Exclude<Language, 'auto'>, string> = {
  en: 'English',
  ru: 'Русский',
  kk: 'Қазақша',
};

export function LanguageSection({ settings, save, t }: SectionProps) {
  async function choose(language: Language) {
    await save({ language });
    // Every string on the page changes: reload rather than re-render half of them.
    location.reload();
  }
  return (
    <Section id="language" title={t('optionsLanguage')}>
      <div class="field">
        <label for="language-select">{t('optionsLanguage')}</label>
        <select
          id="language-select"
          data-testid="language"
          value={settings.language}
          onChange={(event) => void choose(event.currentTarget.value as Language)}
        >
          <option value="auto">{t('optionsLanguageAuto')}</option>
          {Object.entries(LANGUAGE_NAMES).map(([code, name]) => (
            <option key={code} value={code} lang={code}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <label class="check">
        <input
          type="checkbox"
          id="discreet-toolbar"
          data-testid="discreet-toolbar"
          aria-describedby="discreet-toolbar-hint"
          checked={settings.discreetToolbar}
          onChange={(event) => void save({ discreetToolbar: event.currentTarget.checked })}
        />{' '}
        {t('tabStateDiscreet')}
      </label>
      <p class="hint" id="discreet-toolbar-hint">
        {t('tabStateDiscreetHint')}
      </p>
    </Section>
  );
}
