import { memo } from 'preact/compat';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Database } from '../../lib/db';
import { type Translate, dateFormatter } from '../../lib/i18n';
import { nextTask, snippet, type SearchHit, type SnippetPart } from '../../lib/search';

const PASSAGES_PER_SLICE = 5;
/**
 * A screenful and a little more, then "More" (each press reads the next rows' passages). Fewer
 * than the article list's 50: every keystroke lays out and paints the rows anew, and 20 rows
 * instead of 50 took answer → results painted from 21 to 15 ms p50 at 3,000 articles
 * (docs/benchmarks.md, "#17, ninth round: keystroke").
 */
const HITS_PER_PAGE = 20;

type Passage = { parts: SnippetPart[]; lang?: string };

/** Search hits with the passage that matched; text only (marks are <mark> elements, not HTML). */
export function SearchResults({
  t,
  language,
  db,
  query,
  hits,
  wanted,
  onOpen,
}: {
  t: Translate;
  language: string;
  db: Database;
  query: string;
  hits: SearchHit[];
  /** False once the user typed on: these hits are about to be replaced, their passages unwanted. */
  wanted?: () => boolean;
  onOpen: (id: string) => void;
}) {
  const [passages, setPassages] = useState<Map<string, Passage>>(new Map());
  // "More" counts for the answer it was pressed on; a new answer starts at one page again.
  const [more, setMore] = useState({ hits, shown: HITS_PER_PAGE });
  const shown = more.hits === hits ? more.shown : HITS_PER_PAGE;
  // The rows of this answer whose passages are read already: "More" reads only the new rows'.
  const read = useRef<{ hits: SearchHit[]; rows: number; passages: Map<string, Passage> }>();
  useEffect(() => {
    let alive = true;
    const still = () => alive && (wanted?.() ?? true);
    const same = read.current?.hits === hits;
    const from = same ? read.current!.rows : 0;
    const next = new Map(same ? read.current!.passages : []);
    // One transaction for the passages, after the list is on screen (this effect runs after paint).
    const tx = db.transaction('articles');
    void Promise.all(hits.slice(from, shown).map((hit) => tx.store.get(hit.id))).then(async (records) => {
      for (const [i, record] of records.entries()) {
        // A few passages at a time, then the next keystroke may come first. Its query must not
        // wait behind the passages of results it replaces: they stop as soon as it is asked,
        // not once its answer arrives (issue #17, sixth and seventh rounds).
        if (i % PASSAGES_PER_SLICE === 0) await nextTask();
        if (!still()) return;
        if (record) next.set(record.id, { parts: snippet(record.text, query), lang: record.language });
      }
      read.current = { hits, rows: Math.min(shown, hits.length), passages: next };
      setPassages(next);
    });
    return () => void (alive = false);
  }, [hits, query, shown]);

  const date = useMemo(() => dateFormatter(language, { style: 'long', time: false }), [language]);
  // The reader hands a new onOpen with every render; the memoized list gets one that stays.
  const latestOnOpen = useRef(onOpen);
  latestOnOpen.current = onOpen;
  const open = useCallback((id: string) => latestOnOpen.current(id), []);
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title" role="status" data-testid="search-count">
        {t('readerSearchCount', hits.length)}
      </h2>
      <HitList hits={hits} shown={shown} passages={passages} date={date} onOpen={open} />
      {hits.length > shown && (
        <button data-testid="search-more" onClick={() => setMore({ hits, shown: shown + HITS_PER_PAGE })}>
          {t('readerMore')}
        </button>
      )}
    </section>
  );
}

/**
 * Memoized: a keystroke re-renders the reader (the box's text changed) while these hits are still
 * the answer on screen. Rebuilding their rows then cost 24 ms of the keystroke's own task before
 * its query could start (traced, issue #17 seventh round).
 */
const HitList = memo(function HitList({
  hits,
  shown,
  passages,
  date,
  onOpen,
}: {
  hits: SearchHit[];
  shown: number;
  passages: Map<string, Passage>;
  date: { format: (when: number | Date) => string };
  onOpen: (id: string) => void;
}) {
  return (
    <ol class="article-list" data-testid="search-results">
      {hits.slice(0, shown).map((hit) => {
        const passage = passages.get(hit.id);
        return (
          <li key={hit.id} data-testid="search-hit">
            <a
              // No id in the link: opened in a new tab, it would land in the browser's history.
              href="#"
              lang={passage?.lang}
              dir="auto"
              onClick={(event) => {
                event.preventDefault();
                onOpen(hit.id);
              }}
            >
              {hit.title}
            </a>
            <small class="muted">{date.format(hit.publishedAt ?? hit.fetchedAt)}</small>
            {passage && (
              <p class="excerpt" lang={passage.lang} dir="auto">
                {passage.parts.map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : part.text))}
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
});
