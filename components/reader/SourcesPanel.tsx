import { useState } from 'preact/hooks';
import type { SourceRecord } from '../../lib/db';
import { type Translate, dateFormatter, plural } from '../../lib/i18n';
import { sourceLabels, failureMessageKey, splitAddressLines } from '../../lib/library';
import { sendMessage } from '../../lib/messaging';
import { FileInput } from '../FileInput';

type LineOutcome =
  | { address: string; outcome: 'added'; title: string }
  | { address: string; outcome: 'exists' }
  | { address: string; outcome: 'failed'; why: string };

/**
 * Where the library's articles come from: news feeds (a site's address is enough — its feed is
 * found from the page) and important pages (emergency numbers, announcements) refreshed the same
 * way. Adding and refreshing go through the background, which owns fetching and extraction.
 * Several addresses (one per line, or an OPML file) are added one by one, each with its answer.
 */
export function SourcesPanel({
  t,
  language,
  sources,
  onChanged,
  onShowSource,
}: {
  t: Translate;
  language: string;
  sources: SourceRecord[];
  onChanged: () => void;
  onShowSource: (id: string) => void;
}) {
  const [text, setText] = useState('');
  const [kind, setKind] = useState<'feed' | 'page'>('feed');
  const [status, setStatus] = useState('');
  const [report, setReport] = useState<{ summary: string; lines: LineOutcome[] } | undefined>();
  const [busy, setBusy] = useState(false);
  const date = dateFormatter(language);
  const labels = sourceLabels(sources);

  async function addAll(entries: { url: string; title?: string }[], as: 'feed' | 'page') {
    setBusy(true);
    setReport(undefined);
    setStatus(t('readerSourceAdding'));
    const lines: LineOutcome[] = [];
    const added: string[] = [];
    for (const entry of entries) {
      const reply = await sendMessage('libraryAddSource', { url: entry.url, kind: as, title: entry.title });
      if (!reply.ok) lines.push({ address: entry.url, outcome: 'failed', why: t('wordsInternalError') });
      else if (!reply.value.ok)
        lines.push({ address: entry.url, outcome: 'failed', why: explain(t, reply.value.reason) });
      else if (!reply.value.added) lines.push({ address: entry.url, outcome: 'exists' });
      else {
        lines.push({ address: entry.url, outcome: 'added', title: reply.value.source.title });
        added.push(reply.value.source.id);
      }
    }
    const count = (outcome: LineOutcome['outcome']) => lines.filter((l) => l.outcome === outcome).length;
    setReport({ summary: t('wordsLinesSummary', count('added'), count('exists'), count('failed')), lines });
    setBusy(false);
    setStatus('');
    onChanged();
    if (added.length > 0) await refresh(added);
    return count('failed') === 0;
  }

  async function add(event: Event) {
    event.preventDefault();
    const { addresses } = splitAddressLines(text);
    if (addresses.length === 0) return setStatus(t('wordsNoAddresses'));
    // The lines that failed stay in the box, to be corrected; the rest are done.
    const done = await addAll(
      addresses.map((url) => ({ url })),
      kind,
    );
    if (done) setText('');
  }

  // The OPML parser (feedsmith, ~140 KB) loads only when asked for, not with every reader page.
  async function importOpml(file: File) {
    const { readOpml } = await import('../../lib/library/opml');
    const read = readOpml(await file.text());
    if (!read.ok) {
      setReport(undefined);
      return setStatus(read.reason === 'empty' ? t('wordsOpmlEmpty') : t('wordsOpmlInvalid'));
    }
    await addAll(read.feeds, 'feed');
  }

  async function exportOpml() {
    const { writeOpml } = await import('../../lib/library/opml');
    const feeds = sources.filter((source) => source.kind === 'feed');
    const url = URL.createObjectURL(new Blob([writeOpml(feeds)], { type: 'text/x-opml' }));
    const link = document.createElement('a');
    link.href = url;
    // The date only: nothing about the person or the device in the name.
    link.download = `vantage-sources-${new Date().toISOString().slice(0, 10)}.opml`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    setStatus(t('wordsOpmlExported', feeds.length));
  }

  async function refresh(sourceIds?: string[]) {
    setBusy(true);
    setStatus(t('readerRefreshing'));
    const reply = await sendMessage('libraryRefresh', { sourceIds });
    setBusy(false);
    if (!reply.ok) return setStatus(t('readerRefreshFailed', t('wordsInternalError')));
    const saved = reply.value.sources.reduce((sum, source) => sum + source.saved, 0);
    const failed = reply.value.sources.filter((source) => !source.ok).length;
    setStatus(
      t(
        'wordsRefreshDone',
        plural(t, language, 'wordsArticlesSaved', saved),
        plural(t, language, 'wordsSourcesFailed', failed),
      ),
    );
    onChanged();
  }

  async function remove(source: SourceRecord) {
    await sendMessage('libraryRemoveSource', { id: source.id });
    setStatus(t('readerSourceRemoved', labels.get(source.id) ?? source.title));
    onChanged();
  }

  return (
    <section aria-labelledby="sources-title" class="sources">
      <h2 id="sources-title">{t('readerSourcesTitle')}</h2>
      <p class="muted">
        <small>{t('readerSourcesHint')}</small>
      </p>
      <ul class="source-list" data-testid="source-list">
        {sources.map((source) => {
          const label = labels.get(source.id) ?? source.title;
          return (
            <li key={source.id} data-testid="source-item" data-url={source.url}>
              <button class="link" onClick={() => onShowSource(source.id)} title={source.url}>
                {label}
              </button>{' '}
              <small class="muted">
                {source.kind === 'page' ? t('readerKindPage') : t('readerKindFeed')}
                {source.lastFetchedAt
                  ? ` · ${t('readerLastFetched', date.format(source.lastFetchedAt))}`
                  : ''}
              </small>
              {source.lastError && (
                <p class="source-error" data-testid="source-error">
                  <small>{t('readerSourceError', explain(t, source.lastError))}</small>
                </p>
              )}
              <button
                class="small"
                aria-label={t('readerSourceRemoveLabel', label)}
                onClick={() => void remove(source)}
              >
                {t('readerSourceRemove')}
              </button>
            </li>
          );
        })}
      </ul>
      <form onSubmit={(event) => void add(event)} class="add-source">
        <label for="source-url">{t('wordsSourceUrls')}</label>
        <textarea
          id="source-url"
          rows={3}
          value={text}
          placeholder="https://"
          spellcheck={false}
          onInput={(event) => setText(event.currentTarget.value)}
        />
        <fieldset>
          <legend>{t('readerSourceKind')}</legend>
          <label>
            <input type="radio" name="kind" checked={kind === 'feed'} onChange={() => setKind('feed')} />{' '}
            {t('readerKindFeed')}
          </label>
          <label>
            <input type="radio" name="kind" checked={kind === 'page'} onChange={() => setKind('page')} />{' '}
            {t('readerKindPage')}
          </label>
        </fieldset>
        <button type="submit" disabled={busy}>
          {t('readerSourceAdd')}
        </button>
        <button type="button" disabled={busy} onClick={() => void refresh()} data-testid="refresh-all">
          {t('readerRefreshAll')}
        </button>
      </form>
      <FileInput
        class="add-source"
        id="opml-file"
        label={t('wordsOpmlImport')}
        hint={t('wordsOpmlHint')}
        accept=".opml,.xml,text/x-opml,text/xml,application/xml"
        testId="opml-import"
        onFile={importOpml}
      />
      <button type="button" disabled={busy} onClick={() => void exportOpml()} data-testid="opml-export">
        {t('wordsOpmlExport')}
      </button>
      <div role="status" aria-live="polite">
        <p data-testid="sources-status">{status}</p>
        {report && (
          <div data-testid="add-report">
            <p data-testid="add-summary">{report.summary}</p>
            <ul>
              {report.lines.map((line) => (
                <li key={line.address} data-outcome={line.outcome}>
                  {line.outcome === 'added'
                    ? t('wordsLineAdded', line.address, line.title)
                    : line.outcome === 'exists'
                      ? t('wordsLineExists', line.address)
                      : t('wordsLineFailed', line.address, line.why)}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </section>
  );
}

/**
 * A stored error is `reason` or `reason: detail`. The reason, in words, is what the user reads;
 * the detail (an exception's text, a byte count) is for a bug report, not for this page.
 */
function explain(t: Translate, error: string): string {
  const reason = error.split(': ')[0] ?? '';
  const key = failureMessageKey(reason);
  const words = t(key);
  return words === key ? t('wordsInternalError') : words;
}
