import { useEffect } from 'preact/hooks';
import { PackPanel } from '../../components/library/PackPanel';
import { ArticleList } from '../../components/reader/ArticleList';
import { ArticleView } from '../../components/reader/ArticleView';
import { EvictionNotice } from '../../components/reader/EvictionNotice';
import { SearchResults } from '../../components/reader/SearchResults';
import { SourcesPanel } from '../../components/reader/SourcesPanel';
import { useReaderState } from '../../components/use-reader-state';
import { useTranslator } from '../../components/use-translator';
import type { LibraryFilter } from '../../lib/library';

/**
 * The offline library: sources, articles newest first, one article at a time. What is shown and
 * where it comes from is components/use-reader-state.ts; this renders it.
 */
export function Reader() {
  const { t, language, ready } = useTranslator();
  const { db, unopened, filter, openId, notFound, list, sources, eviction, query, searching, ...act } =
    useReaderState();

  useEffect(() => {
    if (ready) document.title = `${t('readerTitle')} — Vantage`;
  }, [ready]);

  if (unopened && ready)
    return (
      <main class="reader">
        <h1>{t('readerTitle')}</h1>
        <p role="alert" data-testid="library-unopened">
          {t('readerCannotOpen')}
        </p>
        <p>
          <button onClick={() => location.reload()}>{t('readerTryAgain')}</button>
        </p>
        <p class="muted" lang="en">
          <small>{unopened}</small>
        </p>
      </main>
    );
  if (!db || !ready) return <main aria-busy="true" />;
  const sourceMap = new Map(sources.map((source) => [source.id, source]));

  if (openId)
    return (
      <main class="reader">
        <ArticleView
          t={t}
          language={language}
          db={db}
          id={openId}
          onClose={() => act.open(undefined)}
          onChanged={act.changed}
        />
      </main>
    );

  const tabs: { key: string; label: string; filter: LibraryFilter }[] = [
    { key: 'all', label: t('readerFilterAll'), filter: { kind: 'all' } },
    { key: 'unread', label: t('readerFilterUnread'), filter: { kind: 'unread' } },
    { key: 'pinned', label: t('readerFilterPinned'), filter: { kind: 'pinned' } },
  ];
  const heading =
    filter.kind === 'source'
      ? (sourceMap.get(filter.sourceId)?.title ?? t('readerFilterAll'))
      : filter.kind === 'site'
        ? t('readerFilterSite', filter.host)
        : undefined;

  return (
    <main class="reader">
      <header class="reader-header">
        <h1>{t('readerTitle')}</h1>
        <p class="muted">
          <small>{t('readerIntro')}</small>
        </p>
      </header>
      {notFound && (
        <p class="notice" role="status" data-testid="copy-not-found">
          {t('readerNoCopy', notFound)}
        </p>
      )}
      {eviction && <EvictionNotice t={t} report={eviction} onDismiss={act.dismissEviction} />}
      <form role="search" class="search" onSubmit={(event) => event.preventDefault()}>
        <label for="library-search" class="visually-hidden">
          {t('readerSearchLabel')}
        </label>
        <input
          id="library-search"
          type="search"
          data-testid="library-search"
          value={query}
          placeholder={t('readerSearchPlaceholder')}
          onInput={(event) => act.setQuery(event.currentTarget.value)}
        />
      </form>
      {searching.kind === 'preparing' && <p role="status">{t('readerSearchPreparing')}</p>}
      {searching.kind === 'indexing' && (
        <p role="status" data-testid="search-indexing">
          {searching.progress
            ? t('readerSearchIndexBuilding', searching.progress.done, searching.progress.total)
            : t('readerSearchIndexStarting')}
        </p>
      )}
      {searching.kind === 'ready' && searching.indexing && query.trim() && (
        <p role="status" class="muted" data-testid="search-indexing">
          {searching.indexing.phase === 'rebuilding'
            ? t('readerSearchBuildPartial', searching.indexing.done, searching.indexing.total)
            : t('readerSearchIndexUpdating', searching.indexing.done, searching.indexing.total)}
        </p>
      )}
      {searching.kind === 'failed' && <p role="alert">{t('wordsSearchFailed')}</p>}
      {searching.kind === 'ready' && query.trim() ? (
        <SearchResults
          t={t}
          language={language}
          db={db}
          query={searching.query}
          hits={searching.hits}
          wanted={searching.wanted}
          onOpen={act.open}
        />
      ) : (
        query.trim() === '' && (
          <>
            <nav aria-label={t('readerFilters')} class="filters">
              {tabs.map((tab) => (
                <button
                  key={tab.key}
                  aria-pressed={filter.kind === tab.filter.kind}
                  onClick={() => act.show(tab.filter)}
                >
                  {tab.label}
                </button>
              ))}
            </nav>
            <section aria-labelledby="articles-title">
              <h2 id="articles-title">{heading ?? t('readerArticles')}</h2>
              {list && list.articles.length === 0 ? (
                <p data-testid="library-empty">{t('readerEmpty')}</p>
              ) : (
                list && (
                  <ArticleList
                    t={t}
                    language={language}
                    articles={list.articles}
                    sources={sourceMap}
                    onOpen={act.open}
                  />
                )
              )}
              {list?.more && <button onClick={act.showMore}>{t('readerMore')}</button>}
            </section>
          </>
        )
      )}
      <PackPanel t={t} language={language} db={db} sources={sources} onImported={act.changed} />
      <SourcesPanel
        t={t}
        language={language}
        sources={sources}
        onChanged={act.changed}
        onShowSource={(sourceId) => act.show({ kind: 'source', sourceId })}
      />
    </main>
  );
}
