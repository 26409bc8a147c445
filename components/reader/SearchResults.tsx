import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Database } from '../../lib/db';
import { type Translate, dateFormatter } from '../../lib/i18n';
import { snippet, type SearchHit, type SnippetPart } from '../../lib/search';

const PASSAGES_PER_SLICE = 5;
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
/** After the tasks already queued (a keystroke among them); a port message: timeouts get clamped. */
const nextTask = () =>
  new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });

/** Search hits with the passage that matched; text only (marks are <mark> elements, not HTML). */
export function SearchResults({
  t,
  language,
  db,
  query,
  hits,
  onOpen,
}: {
  t: Translate;
  language: string;
  db: Database;
  query: string;
  hits: SearchHit[];
  onOpen: (id: string) => void;
}) {
  const [passages, setPassages] = useState<Map<string, { parts: SnippetPart[]; lang?: string }>>(new Map());
  useEffect(() => {
    let alive = true;
    const shown = hits.slice(0, 30);
    // One transaction for the passages, after the list is on screen (this effect runs after paint).
    const tx = db.transaction('articles');
    void Promise.all(shown.map((hit) => tx.store.get(hit.id))).then(async (records) => {
      const next = new Map<string, { parts: SnippetPart[]; lang?: string }>();
      for (const [i, record] of records.entries()) {
        // A few passages at a time, then the next keystroke may come first: its query must not
        // wait behind the passages of results it replaces (issue #17, sixth round).
        if (i % PASSAGES_PER_SLICE === 0) await nextTask();
        if (!alive) return;
        if (record) next.set(record.id, { parts: snippet(record.text, query), lang: record.language });
      }
      setPassages(next);
    });
    return () => void (alive = false);
  }, [hits, query]);

  const date = useMemo(() => dateFormatter(language, { style: 'long', time: false }), [language]);
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title" role="status" data-testid="search-count">
        {t('readerSearchCount', hits.length)}
      </h2>
      <ol class="article-list" data-testid="search-results">
        {hits.map((hit) => {
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
                  {passage.parts.map((part, i) =>
                    part.match ? <mark key={i}>{part.text}</mark> : part.text,
                  )}
                </p>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
