import { useRef, useState } from 'preact/hooks';
import { DataBundleSection } from '../../components/options/DataBundleSection';
import { ContributionPanel } from '../../components/contribute/ContributionPanel';
import { EndpointsSection } from '../../components/options/EndpointsSection';
import { LanguageSection } from '../../components/options/LanguageSection';
import { ResolversSection } from '../../components/options/ResolversSection';
import { ScheduleSection } from '../../components/options/ScheduleSection';
import { SettingsFileSection } from '../../components/options/SettingsFileSection';
import { StorageSection } from '../../components/options/StorageSection';
import { TargetsSection } from '../../components/options/TargetsSection';
import { useOptionsSettings } from '../../components/options/use-options-settings';
import { WipedView, WipeSection } from '../../components/options/WipeSection';
import { useTranslator } from '../../components/use-translator';
import type { Leftovers } from '../../lib/options';

// Wiring only: each section is a component in components/options, each decision in lib/options.
export function Options() {
  const { t, language, ready } = useTranslator();
  const { settings, savedCount, save } = useOptionsSettings();
  const [wiped, setWiped] = useState<Leftovers | undefined>();
  // The strings were loaded for the language stored when the page opened; an imported settings
  // file (or another tab) may change it. Say so rather than reload under the user's feet.
  const loadedLanguage = useRef<string | undefined>();
  if (settings && loadedLanguage.current === undefined) loadedLanguage.current = settings.language;
  const languageChanged = settings !== undefined && settings.language !== loadedLanguage.current;

  if (wiped) return <WipedView t={t} leftovers={wiped} />;
  const props = settings && { settings, save, t, language };
  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      {ready && props && (
        <>
          {languageChanged && (
            <p class="notice" role="status" data-testid="language-changed">
              {t('optionsLanguageChanged')}{' '}
              <button type="button" onClick={() => location.reload()}>
                {t('optionsReload')}
              </button>
            </p>
          )}
          {/* The background opens this page on install: the first thing a new user reads. */}
          <p class="intro">{t('optionsIntro')}</p>
          <nav aria-label={t('optionsSections')}>
            <ul>
              {[
                ['targets', 'optionsTargetsTitle'],
                ['schedule', 'optionsScheduleTitle'],
                ['language', 'optionsLanguage'],
                ['resolvers', 'optionsResolversTitle'],
                ['endpoints', 'optionsEndpointsTitle'],
                ['data-bundle', 'dataBundleTitle'],
                ['contribution', 'contributeTitle'],
                ['storage', 'optionsStorageTitle'],
                ['settings-file', 'optionsFileTitle'],
                ['wipe', 'optionsWipeTitle'],
              ].map(([id, key]) => (
                <li key={id}>
                  <a href={`#${id}`}>{t(key!)}</a>
                </li>
              ))}
            </ul>
          </nav>
          <TargetsSection {...props} />
          <ScheduleSection {...props} />
          <LanguageSection {...props} />
          <ResolversSection {...props} />
          <EndpointsSection {...props} />
          <DataBundleSection {...props} />
          {/* Consent, what is sent, the outbox: components/contribute. */}
          <section id="contribution" aria-labelledby="contribute-title" class="options-section">
            <ContributionPanel />
          </section>
          <StorageSection {...props} />
          <SettingsFileSection {...props} />
          <WipeSection t={t} onWiped={setWiped} />
        </>
      )}
      <p class="save-status" role="status" data-testid="save-status" data-count={savedCount}>
        {savedCount > 0 ? t('optionsSavedCount', savedCount) : ''}
      </p>
    </main>
  );
}
