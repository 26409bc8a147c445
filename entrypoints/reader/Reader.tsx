import { useTranslator } from '../../components/use-translator';

export function Reader() {
  const { t } = useTranslator();
  return (
    <main>
      <h1>{t('readerTitle')}</h1>
      <p data-testid="library-empty">{t('readerEmpty')}</p>
    </main>
  );
}
