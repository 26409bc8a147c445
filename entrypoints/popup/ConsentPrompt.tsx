import { browser } from 'wxt/browser';
import { useTranslator } from '../../components/use-translator';

/** Before the first-run choice there are no results: say why, and where to choose. */
export function ConsentPrompt() {
  const { t } = useTranslator();
  return (
    <main data-testid="consent-prompt">
      <h1>{t('popupTitle')}</h1>
      <p>{t('consentPopupPrompt')}</p>
      <button
        type="button"
        onClick={() => {
          void browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') });
          window.close();
        }}
      >
        {t('consentPopupOpen')}
      </button>
    </main>
  );
}
