import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { PackPanel } from '../../components/library/PackPanel';
import { ArticleList } from '../../components/reader/ArticleList';
import { ArticleView } from '../../components/reader/ArticleView';
import { EvictionNotice } from '../../components/reader/EvictionNotice';
import { SearchResults } from '../../components/reader/SearchResults';
import { SourcesPanel } from '../../components/reader/SourcesPanel';
import { useLibrarySearch } from '../../components/reader/use-library-search';
import { useTranslator } from '../../components/use-translator';
import { openDatabase, type Database, type SourceRecord } from '../../lib/db';
import { lastEviction, type EvictionReport } from '../../lib/library/store';
import {
  findCopy,
  listArticles,
  type ArticleSummary,
  type LibraryFilter,
} from '../../lib/library/reader-queries';
import { filterForIntent, takeReaderIntent } from '../../lib/library/reader-route';

const EVICTION_SEEN_KEY = 'evictionSeenAt';
const PAGE = 50;

/**
 * The offline library: sources, articles newest first, one article at a time. Everything is
 * read from IndexedDB in this page, so it works with the network off. The address is always
 * plain reader.html: what is shown (a list, an article, a search) lives in this page's memory,
 * and what the popup opened it for comes as a one-shot intent (lib/library/reader-route.ts), so
 * the browser's own history never holds a site, an article or a search word (issue #12).
 */
export function Reader() {
  const { t, language, ready } = useTranslator();
  const [db, setDb] = useState<Database>();
  const [filter, setFilter] = useState<LibraryFilter>({ kind: 'all' });
  const [openId, setOpenId] = useState<string | undefined>();
  const [notFound, setNotFound] = useState<string | undefined>();
  const [list, setList] = useState<{ articles: ArticleSummary[]; more: boolean }>();
  const [limit, setLimit] = useState(PAGE);
  const [sources, setSources] = useState<SourceRecord[]>([]);
  const [eviction, setEviction] = useState<EvictionReport>();
  const [version, setVersion] = useState(0);
  /** Why the database would not open (a disk so full Chrome refuses it), said instead of a blank page. */
  const [unopened, setUnopened] = useState<string>();
  const changed = useCallback(() => setVersion((v) => v + 1), []);
  const [query, setQuery] = useState('');
  const searching = useLibrarySearch(db, query, version);

  useEffect(() => {
    void openDatabase().then(
      async (database) => {
        const intent = await takeReaderIntent(browser).catch(() => undefined);
        setFilter(filterForIntent(intent));
        if (intent?.kind === 'copy') {
          const copy = await findCopy(database, intent.url);
          if (copy) setOpenId(copy.id);
          else setNotFound(intent.url);
        }
        setDb(database);
      },
      (error: unknown) => setUnopened(String(error)),
    );
    // Articles saved by the background while this page is open show up when it is looked at again.
    const onVisible = () => document.visibilityState === 'visible' && changed();
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, []);

  useEffect(() => {
    if (!db) return;
    void listArticles(db, filter, limit).then(setList);
    void db.getAll('sources').then((all) => setSources(all.sort((a, b) => a.title.localeCompare(b.title))));
    void Promise.all([lastEviction(db), db.get('libraryMeta', EVICTION_SEEN_KEY)]).then(([report, seen]) =>
      setEviction(report && report.at !== seen?.value ? report : undefined),
    );
  }, [db, filter, limit, version]);

  function show(next: LibraryFilter) {
    setFilter(next);
    setLimit(PAGE);
    setOpenId(undefined);
  }
  function open(id: string | undefined) {
    setOpenId(id);
    if (!id) changed();
  }

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
          onClose={() => open(undefined)}
          onChanged={changed}
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
      {eviction && (
        <EvictionNotice
          t={t}
          report={eviction}
          onDismiss={() => {
            void db.put('libraryMeta', { key: EVICTION_SEEN_KEY, value: eviction.at });
            setEviction(undefined);
          }}
        />
      )}
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
          onInput={(event) => setQuery(event.currentTarget.value)}
        />
      </form>
      {searching.kind === 'preparing' && <p role="status">{t('readerSearchPreparing')}</p>}
      {searching.kind === 'failed' && <p role="alert">{t('readerSearchFailed', searching.message)}</p>}
      {searching.kind === 'ready' && query.trim() ? (
        <SearchResults
          t={t}
          language={language}
          db={db}
          query={searching.query}
          hits={searching.hits}
          onOpen={(id) => open(id)}
        />
      ) : (
        query.trim() === '' && (
          <>
            <nav aria-label={t('readerFilters')} class="filters">
              {tabs.map((tab) => (
                <button
                  key={tab.key}
                  aria-pressed={filter.kind === tab.filter.kind}
                  onClick={() => show(tab.filter)}
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
                    onOpen={(id) => open(id)}
                  />
                )
              )}
              {list?.more && <button onClick={() => setLimit(limit + PAGE)}>{t('readerMore')}</button>}
            </section>
          </>
        )
      )}
      <PackPanel t={t} language={language} db={db} sources={sources} onImported={changed} />
      <SourcesPanel
        t={t}
        language={language}
        sources={sources}
        onChanged={changed}
        onShowSource={(sourceId) => show({ kind: 'source', sourceId })}
      />
    </main>
  );
}
