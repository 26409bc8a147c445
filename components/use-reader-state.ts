import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { openDatabase, type Database, type SourceRecord } from '../lib/db';
import {
  lastEviction,
  type EvictionReport,
  findCopy,
  listArticles,
  type ArticleSummary,
  type LibraryFilter,
  filterForIntent,
  takeReaderIntent,
} from '../lib/library';
import { useLibrarySearch, type SearchState } from './reader/use-library-search';

const EVICTION_SEEN_KEY = 'evictionSeenAt';
const PAGE = 50;

export interface ReaderState {
  /** Undefined until the database is open (or failed to open: see `unopened`). */
  db?: Database;
  /** Why the database would not open (a disk so full Chrome refuses it), said instead of a blank page. */
  unopened?: string;
  filter: LibraryFilter;
  /** The article shown, if one is. */
  openId?: string;
  /** The address the popup asked for a saved copy of, when there is none. */
  notFound?: string;
  list?: { articles: ArticleSummary[]; more: boolean };
  sources: SourceRecord[];
  eviction?: EvictionReport;
  query: string;
  searching: SearchState;
  /** Show another list (a tab, one source): back to its first page, no article open. */
  show(filter: LibraryFilter): void;
  /** Open an article, or (undefined) close it; closing rereads the list (it may have been read). */
  open(id: string | undefined): void;
  showMore(): void;
  /** Something changed the library (an import, a source, an article): read it again. */
  changed(): void;
  dismissEviction(): void;
  setQuery(query: string): void;
}

/**
 * The reader page's state: everything is read from IndexedDB here, so the page works with the
 * network off. The address is always plain reader.html: what is shown (a list, an article, a
 * search) lives in this state, and what the popup opened the page for comes as a one-shot
 * intent (lib/library/reader-route.ts), so the browser's own history never holds a site, an
 * article or a search word.
 */
export function useReaderState(): ReaderState {
  const [db, setDb] = useState<Database>();
  const [filter, setFilter] = useState<LibraryFilter>({ kind: 'all' });
  const [openId, setOpenId] = useState<string | undefined>();
  const [notFound, setNotFound] = useState<string | undefined>();
  const [list, setList] = useState<{ articles: ArticleSummary[]; more: boolean }>();
  const [limit, setLimit] = useState(PAGE);
  const [sources, setSources] = useState<SourceRecord[]>([]);
  const [eviction, setEviction] = useState<EvictionReport>();
  const [version, setVersion] = useState(0);
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

  return {
    db,
    unopened,
    filter,
    openId,
    notFound,
    list,
    sources,
    eviction,
    query,
    searching,
    show(next) {
      setFilter(next);
      setLimit(PAGE);
      setOpenId(undefined);
    },
    open(id) {
      setOpenId(id);
      if (!id) changed();
    },
    showMore: () => setLimit(limit + PAGE),
    changed,
    dismissEviction() {
      if (!db || !eviction) return;
      void db.put('libraryMeta', { key: EVICTION_SEEN_KEY, value: eviction.at });
      setEviction(undefined);
    },
    setQuery,
  };
}
