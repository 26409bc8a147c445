import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Database } from '../../lib/db';
import { type Translate, dateFormatter, plural } from '../../lib/i18n';
import {
  deleteArticle,
  markRead,
  setPinned,
  isFromPack,
  openArticle,
  renderArticle,
  type OpenedArticle,
} from '../../lib/library';
import { PackSignature } from '../library/PackSignature';

/**
 * One article, reader-mode style. The body is built from the stored HTML, sanitized again and
 * with images swapped for the library's own copies (lib/library/render-article.ts), then attached
 * as DOM nodes; the page's CSP forbids any script, inline or remote, and any non-blob image.
 */
export function ArticleView({
  t,
  language,
  db,
  id,
  onClose,
  onChanged,
}: {
  t: Translate;
  language: string;
  db: Database;
  id: string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const [opened, setOpened] = useState<OpenedArticle | null | undefined>();
  const [missing, setMissing] = useState(0);
  const body = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  // Layout effects: the read starts in the click's own frame and the body is attached before
  // that frame paints, instead of a frame later each (useEffect runs after paint).
  useLayoutEffect(() => {
    let alive = true;
    // Marks for bench/reader.ts: reading from IndexedDB vs sanitizing and rendering.
    performance.mark('article-open');
    void openArticle(db, id, document).then(async (found) => {
      if (!alive) return found?.warmed?.forEach((url) => URL.revokeObjectURL(url));
      performance.mark('article-read');
      setOpened(found ?? null);
      // The list re-reads when the article is closed; refreshing it now would compete with rendering.
      if (found && !found.article.read) await markRead(db, id);
    });
    return () => void (alive = false);
  }, [db, id]);

  useLayoutEffect(() => {
    if (!opened || !body.current) return;
    const rendered = renderArticle(opened, document, (alt) =>
      alt ? t('wordsImageNotSavedAlt', alt) : t('wordsImageNotSaved'),
    );
    body.current.replaceChildren(rendered.fragment);
    performance.mark('article-rendered');
    setMissing(rendered.missingImages);
    heading.current?.focus();
    return () => rendered.objectUrls.forEach((url) => URL.revokeObjectURL(url));
  }, [opened]);

  if (opened === undefined) return <p role="status">{t('readerLoading')}</p>;
  if (opened === null)
    return (
      <section>
        <p data-testid="article-missing">{t('readerArticleGone')}</p>
        <button onClick={onClose}>{t('readerBack')}</button>
      </section>
    );

  const { article } = opened;
  const date = dateFormatter(language, { style: 'long' });
  async function togglePin() {
    await setPinned(db, article.id, !article.pinned);
    setOpened({ ...opened!, article: { ...article, pinned: article.pinned ? 0 : 1 } });
    onChanged();
  }
  async function remove() {
    if (!confirm(t('readerDeleteConfirm', article.title))) return;
    await deleteArticle(db, article.id);
    onChanged();
    onClose();
  }

  return (
    <article
      class="reader-article"
      lang={article.language}
      dir={article.dir ?? 'auto'}
      data-testid="article-view"
    >
      <nav class="article-tools" lang={language} dir="auto">
        <button onClick={onClose}>← {t('readerBack')}</button>
        <button aria-pressed={article.pinned === 1} onClick={() => void togglePin()}>
          {article.pinned ? t('readerUnpin') : t('readerPin')}
        </button>
        <button
          onClick={() => {
            void markRead(db, article.id, false).then(onChanged);
            onClose();
          }}
        >
          {t('readerMarkUnread')}
        </button>
        <button class="danger" onClick={() => void remove()}>
          {t('readerDelete')}
        </button>
      </nav>
      <header>
        <h1 tabIndex={-1} ref={heading} data-testid="article-title">
          {article.title}
        </h1>
        <p class="muted">
          {[article.byline, article.siteName, date.format(article.publishedAt ?? article.fetchedAt)]
            .filter(Boolean)
            .join(' · ')}
        </p>
        <p class="muted source-line" lang={language} dir="auto">
          <small>
            {t('readerSavedFrom', date.format(article.fetchedAt))}{' '}
            <a href={article.url} target="_blank" rel="noopener noreferrer">
              {article.url}
            </a>
          </small>
        </p>
        {isFromPack(article) && (
          <p class="notice pack-provenance" lang={language} dir="auto" data-testid="article-from-pack">
            <strong>{t('libtrustFromPack')}.</strong> {t('libtrustFromPackExplain')}
          </p>
        )}
        {isFromPack(article) && <PackSignature t={t} signer={article.packSigner} />}
        {missing > 0 && (
          <p class="muted" lang={language} dir="auto">
            <small>{plural(t, language, 'wordsImagesMissing', missing)}</small>
          </p>
        )}
      </header>
      <div class="article-body" ref={body} data-testid="article-body" />
    </article>
  );
}
