import { type Translate, plural } from '../../lib/i18n';
import type { EvictionReport } from '../../lib/library';
import { useTranslator } from '../use-translator';

/** The library told the user what it removed to stay within the budget they set. */
export function EvictionNotice({
  t,
  report,
  onDismiss,
}: {
  t: Translate;
  report: EvictionReport;
  onDismiss: () => void;
}) {
  const { language } = useTranslator();
  if (!report.evicted.length) return null;
  return (
    <aside class="notice" role="status" data-testid="eviction-notice">
      <p>
        {plural(
          t,
          language,
          'words_readerEvicted',
          report.evicted.length,
          Math.round(report.budgetBytes / (1024 * 1024)),
          Math.round(report.freedBytes / 1024),
        )}
      </p>
      <details>
        <summary>{t('readerEvictedList')}</summary>
        <ul>
          {report.evicted.slice(0, 50).map((article) => (
            <li key={article.id}>{article.title}</li>
          ))}
        </ul>
      </details>
      <button onClick={onDismiss}>{t('readerDismiss')}</button>
    </aside>
  );
}
