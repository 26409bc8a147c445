import { useEffect, useState } from 'preact/hooks';
import { closeDatabase, openDatabase } from '../../lib/db';
import { COUNTED_STORES, countRows, formatBytes, type CountedStore } from '../../lib/options';
import type { SectionProps } from './section-props';
import { Section } from './Section';

interface Usage {
  counts: Record<CountedStore, number>;
  usage?: number;
  quota?: number;
  persisted?: boolean;
}

const STORE_KEY: Record<CountedStore, string> = {
  measurements: 'optionsStoreMeasurements',
  runs: 'optionsStoreRuns',
  outages: 'optionsStoreOutages',
  articles: 'optionsStoreArticles',
  images: 'optionsStoreImages',
  sources: 'optionsStoreSources',
  outbox: 'optionsStoreOutbox',
};

async function readUsage(): Promise<Usage> {
  const db = await openDatabase();
  try {
    const counts = await countRows(db);
    const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
    const persisted = await navigator.storage?.persisted?.().catch(() => undefined);
    return { counts, usage: estimate?.usage, quota: estimate?.quota, persisted };
  } finally {
    // Holding the database open would delay "wipe everything" until this page closed.
    await closeDatabase();
  }
}

/** What Vantage keeps on this device, so the user knows what a search of the phone would find. */
export function StorageSection({ t, language }: SectionProps) {
  const [usage, setUsage] = useState<Usage | undefined>();
  const [failed, setFailed] = useState(false);
  const refresh = () =>
    readUsage().then(
      (next) => {
        setUsage(next);
        setFailed(false);
      },
      () => setFailed(true),
    );
  useEffect(() => void refresh(), []);

  async function persist() {
    await navigator.storage.persist().catch(() => false);
    await refresh();
  }

  return (
    <Section id="storage" title={t('optionsStorageTitle')}>
      {failed && <p class="error">{t('optionsStorageFailed')}</p>}
      {usage && (
        <>
          <dl class="counts" data-testid="storage-counts">
            {COUNTED_STORES.map((store) => (
              <div key={store} data-store={store}>
                <dt>{t(STORE_KEY[store])}</dt>
                <dd>{usage.counts[store].toLocaleString(language)}</dd>
              </div>
            ))}
          </dl>
          {usage.usage !== undefined && (
            <p>
              {t(
                'optionsStorageUsage',
                formatBytes(usage.usage, language),
                formatBytes(usage.quota ?? 0, language),
              )}
            </p>
          )}
          <p data-testid="persisted">
            {usage.persisted ? t('optionsStoragePersisted') : t('optionsStorageNotPersisted')}
          </p>
          {usage.persisted === false && (
            <button type="button" onClick={() => void persist()}>
              {t('optionsStoragePersist')}
            </button>
          )}
        </>
      )}
      <button type="button" onClick={() => void refresh()}>
        {t('optionsStorageRefresh')}
      </button>
    </Section>
  );
}
