import { type Translate, dateFormatter } from '../../lib/i18n';
import { type ArticleSummary, isFromPack, sourceLabels } from '../../lib/library';
import type { SourceRecord } from '../../lib/db';

/** Newest first (by publication, lib/library/reader-queries.ts newestFirst); unread ones marked with a dot and a screen-reader word, pinned ones labelled. */
export function ArticleList({
  t,
  language,
  articles,
  sources,
  onOpen,
}: {
  t: Translate;
  language: string;
  articles: ArticleSummary[];
  sources: Map<string, SourceRecord>;
  onOpen: (id: string) => void;
}) {
  const date = dateFormatter(language, { style: 'long' });
  const labels = sourceLabels([...sources.values()]);
  return (
    <ol class="article-list" data-testid="article-list">
      {articles.map((article) => (
        <li key={article.id} class={article.read ? 'read' : 'unread'} data-testid="article-item">
          <a
            // No id in the link: opened in a new tab, it would land in the browser's history.
            href="#"
            lang={article.language}
            dir={article.dir ?? 'auto'}
            onClick={(event) => {
              event.preventDefault();
              onOpen(article.id);
            }}
          >
            {!article.read && (
              <span class="unread-dot" aria-label={t('readerUnread')} role="img">
                ●
              </span>
            )}
            <span class="article-title">{article.title}</span>
          </a>
          <small class="muted">
            {[
              article.siteName ?? sourceName(article.sourceId, labels, t),
              date.format(article.publishedAt ?? article.fetchedAt),
              article.pinned ? t('readerPinned') : '',
              isFromPack(article) ? t('libtrustFromPack') : '',
            ]
              .filter(Boolean)
              .join(' · ')}
          </small>
          {article.excerpt && (
            <p class="excerpt" lang={article.language} dir={article.dir ?? 'auto'}>
              {article.excerpt}
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}

function sourceName(sourceId: string, labels: Map<string, string>, t: Translate): string {
  if (sourceId === 'saved') return t('readerSourceSaved');
  if (sourceId === 'imported') return t('readerSourceImported');
  return labels.get(sourceId) ?? '';
}
