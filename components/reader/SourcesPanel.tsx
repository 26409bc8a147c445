import { useState } from 'preact/hooks';
import type { SourceRecord } from '../../lib/db';
import { type Translate, dateFormatter } from '../../lib/i18n';
import { failureMessageKey } from '../../lib/library';
import { sendMessage } from '../../lib/messaging';

/**
 * Where the library's articles come from: news feeds (a site's address is enough — its feed is
 * found from the page) and important pages (emergency numbers, announcements) refreshed the same
 * way. Adding and refreshing go through the background, which owns fetching and extraction.
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
  const [url, setUrl] = useState('');
  const [kind, setKind] = useState<'feed' | 'page'>('feed');
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const date = dateFormatter(language);

  async function add(event: Event) {
    event.preventDefault();
    setBusy(true);
    setStatus(t('readerSourceAdding'));
    const reply = await sendMessage('libraryAddSource', { url, kind });
    setBusy(false);
    if (!reply.ok) return setStatus(t('readerSourceAddFailed', reply.reason));
    const result = reply.value;
    if (!result.ok) return setStatus(t('readerSourceAddFailed', explain(t, result.reason)));
    setUrl('');
    setStatus(result.added ? t('readerSourceAdded', result.source.title) : t('readerSourceExists'));
    onChanged();
    if (result.added) void refresh([result.source.id]);
  }

  async function refresh(sourceIds?: string[]) {
    setBusy(true);
    setStatus(t('readerRefreshing'));
    const reply = await sendMessage('libraryRefresh', { sourceIds });
    setBusy(false);
    if (!reply.ok) return setStatus(t('readerRefreshFailed', reply.reason));
    const saved = reply.value.sources.reduce((sum, source) => sum + source.saved, 0);
    const failed = reply.value.sources.filter((source) => !source.ok).length;
    setStatus(t('readerRefreshDone', saved, failed));
    onChanged();
  }

  async function remove(source: SourceRecord) {
    await sendMessage('libraryRemoveSource', { id: source.id });
    setStatus(t('readerSourceRemoved', source.title));
    onChanged();
  }

  return (
    <section aria-labelledby="sources-title" class="sources">
      <h2 id="sources-title">{t('readerSourcesTitle')}</h2>
      <p class="muted">
        <small>{t('readerSourcesHint')}</small>
      </p>
      <ul class="source-list" data-testid="source-list">
        {sources.map((source) => (
          <li key={source.id} data-testid="source-item">
            <button class="link" onClick={() => onShowSource(source.id)}>
              {source.title}
            </button>{' '}
            <small class="muted">
              {source.kind === 'page' ? t('readerKindPage') : t('readerKindFeed')}
              {source.lastFetchedAt ? ` · ${t('readerLastFetched', date.format(source.lastFetchedAt))}` : ''}
            </small>
            {source.lastError && (
              <p class="source-error" data-testid="source-error">
                <small>{t('readerSourceError', explain(t, source.lastError))}</small>
              </p>
            )}
            <button
              class="small"
              aria-label={t('readerSourceRemoveLabel', source.title)}
              onClick={() => void remove(source)}
            >
              {t('readerSourceRemove')}
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={(event) => void add(event)} class="add-source">
        <label for="source-url">{t('readerSourceUrl')}</label>
        <input
          id="source-url"
          type="url"
          required
          value={url}
          placeholder="https://"
          onInput={(event) => setUrl(event.currentTarget.value)}
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
      <p role="status" aria-live="polite" data-testid="sources-status">
        {status}
      </p>
    </section>
  );
}

/** A stored error is `reason` or `reason: detail`; say the reason in words, keep the detail. */
function explain(t: Translate, error: string): string {
  const [reason = '', ...rest] = error.split(': ');
  const words = t(failureMessageKey(reason));
  const known = words !== failureMessageKey(reason);
  return [known ? words : reason, rest.join(': ')].filter(Boolean).join(' — ');
}
