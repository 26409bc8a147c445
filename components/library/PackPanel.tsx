import { useEffect, useState } from 'preact/hooks';
import type { Database, SourceRecord } from '../../lib/db';
import { type Translate, plural } from '../../lib/i18n';
import {
  exportPack,
  importPack,
  PACK_LIMITS,
  PackTooLargeError,
  remoteSaver,
  type ImportReport,
  type PackSelection,
} from '../../lib/library';
// Bundled by Vite as a worker script of its own, started from its own module (as the search
// index's worker is), so this one import goes past lib/library's index.
// eslint-disable-next-line no-restricted-imports
import SaveWorker from '../../lib/library/pack/save-worker?worker';
import { loadSettings } from '../../lib/settings';
import {
  forgetKey,
  getOwnKey,
  ownSigner,
  trustedKeys,
  type OwnKey,
  type TrustedKey,
  keyFingerprint,
} from '../../lib/signing';
import { PackSignature } from './PackSignature';
import { FileInput } from '../FileInput';

type ImportState =
  | { kind: 'idle' }
  | { kind: 'working' }
  | { kind: 'failed'; message: string }
  /** Stopped part-way (the saving worker died): some articles may be saved, the rest not. */
  | { kind: 'stopped'; message: string }
  | { kind: 'done'; report: ImportReport };

/**
 * Pass the library on: save a chosen part as one HTML file (it opens in any browser, even a
 * phone's, without the internet or Vantage), and import such a file from someone else.
 */
export function PackPanel({
  t,
  language,
  db,
  sources,
  onImported,
}: {
  t: Translate;
  language: string;
  db: Database;
  sources: SourceRecord[];
  onImported: () => void;
}) {
  const [choice, setChoice] = useState('all');
  const [exportStatus, setExportStatus] = useState('');
  const [importing, setImporting] = useState<ImportState>({ kind: 'idle' });
  // Signing is the publisher's choice each time (it puts a name and a key in the file): off by default.
  const [sign, setSign] = useState(false);
  const [publisherName, setPublisherName] = useState('');
  const [ownKey, setOwnKey] = useState<OwnKey>();
  const [trusted, setTrusted] = useState<(TrustedKey & { fingerprint: string })[]>([]);
  const [keysVersion, setKeysVersion] = useState(0);
  useEffect(() => {
    let alive = true;
    void (async () => {
      const own = await getOwnKey();
      const keys = await Promise.all(
        (await trustedKeys()).map(async (key) => ({
          ...key,
          fingerprint: await keyFingerprint(key.publicKey),
        })),
      );
      if (!alive) return;
      setOwnKey(own);
      setTrusted(keys);
    })();
    return () => void (alive = false);
  }, [keysVersion]);

  async function save() {
    if (sign && !ownKey && !publisherName.trim()) return setExportStatus(t('packsigNameNeeded'));
    setExportStatus(t('packExporting'));
    // The key is made on first use, under the name the user gave; kept on this device only.
    const signer = sign ? await ownSigner(publisherName) : undefined;
    if (signer && !ownKey) setKeysVersion((v) => v + 1);
    const selection: PackSelection =
      choice === 'all' || choice === 'pinned'
        ? { kind: choice }
        : { kind: 'source', sourceId: choice.replace(/^source:/, '') };
    let pack: Awaited<ReturnType<typeof exportPack>>;
    try {
      pack = await exportPack(db, selection, {
        win: window,
        language,
        labels: {
          title: t('packFileTitle'),
          summary: t('packFileSummary'),
          contents: t('packFileContents'),
          search: t('packFileSearch'),
          shown: t('packFileShown'),
          savedFrom: t('packFileSavedFrom'),
          note: t('packFileNote'),
        },
        ...(signer ? { signer } : {}),
      });
    } catch (error) {
      // Nothing is written that the importer would refuse (issue #17).
      if (error instanceof PackTooLargeError)
        return setExportStatus(t('packstreamTooMany', String(PACK_LIMITS.articles), String(error.articles)));
      throw error;
    }
    if (!pack.articles) return setExportStatus(t('packNothing'));
    const url = URL.createObjectURL(pack.blob);
    const link = document.createElement('a');
    link.href = url;
    // The date only: nothing about the person or the device in the name.
    link.download = `vantage-pack-${new Date().toISOString().slice(0, 10)}.html`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    const saved = plural(
      t,
      language,
      'words_packExported',
      pack.articles,
      Math.max(1, Math.round(pack.blob.size / 1024)),
    );
    setExportStatus(
      signer
        ? `${saved} ${t('packsigExportedSigned', signer.name, await keyFingerprint(signer.publicKey))}`
        : saved,
    );
  }

  async function load(file: File) {
    setImporting({ kind: 'working' });
    const settings = await loadSettings();
    const budgetBytes = settings.library.budgetMb * 1024 * 1024;
    // The articles are saved in a worker, off this page's thread (remote-saver.ts).
    const saver = new SaveWorker();
    let result: Awaited<ReturnType<typeof importPack>>;
    try {
      result = await importPack(db, file, {
        win: window,
        budgetBytes,
        saveWith: (report) => remoteSaver(saver, report, budgetBytes),
      });
    } catch (error) {
      // The worker stopped (out of memory, its script failed): said, not left "Importing…" forever.
      onImported();
      return setImporting({ kind: 'stopped', message: String(error).slice(0, 200) });
    } finally {
      saver.terminate();
    }
    if (!result.ok) {
      const signatureError = result.reason === 'bad-signature' || result.reason === 'signature-malformed';
      const key = `${signatureError ? 'packsigError_' : 'packError_'}${result.reason.replace(/-/g, '_')}`;
      return setImporting({ kind: 'failed', message: t(key) });
    }
    setImporting({ kind: 'done', report: result });
    onImported();
  }

  return (
    <section aria-labelledby="pack-title" class="sources" data-testid="pack-panel">
      <h2 id="pack-title">{t('packTitle')}</h2>
      <p class="muted">
        <small>{t('packHint')}</small>
      </p>
      <div class="add-source">
        <label for="pack-choice">{t('packChoose')}</label>
        <select id="pack-choice" value={choice} onChange={(event) => setChoice(event.currentTarget.value)}>
          <option value="all">{t('readerFilterAll')}</option>
          <option value="pinned">{t('readerFilterPinned')}</option>
          {sources.map((source) => (
            <option key={source.id} value={`source:${source.id}`}>
              {source.title}
            </option>
          ))}
        </select>
        <button data-testid="pack-export" onClick={() => void save()}>
          {t('packExport')}
        </button>
      </div>
      <div class="add-source">
        <label>
          <input
            type="checkbox"
            checked={sign}
            data-testid="pack-sign"
            onChange={(event) => setSign(event.currentTarget.checked)}
          />{' '}
          {t('packsigSign')}
        </label>
        {sign && !ownKey && (
          <label>
            {t('packsigYourName')}{' '}
            <input
              value={publisherName}
              maxLength={100}
              data-testid="pack-publisher-name"
              onInput={(event) => setPublisherName(event.currentTarget.value)}
            />
          </label>
        )}
      </div>
      {sign && (
        <p class="muted">
          <small>{t('packsigSignHint')}</small>
        </p>
      )}
      {ownKey && (
        <p class="muted" data-testid="pack-own-key">
          <small>{t('packsigYourKey', ownKey.name, ownKey.fingerprint)}</small>
        </p>
      )}
      <p role="status" data-testid="pack-export-status">
        {exportStatus}
      </p>
      <FileInput
        class="add-source"
        id="pack-file"
        label={t('packImport')}
        accept=".html,.htm,text/html"
        testId="pack-import"
        onFile={load}
      />
      <div role="status" aria-live="polite" data-testid="pack-import-status">
        {importing.kind === 'working' && <p>{t('packImporting')}</p>}
        {importing.kind === 'failed' && (
          <p class="source-error">{t('packImportFailed', importing.message)}</p>
        )}
        {importing.kind === 'stopped' && (
          <p class="source-error" data-testid="pack-import-stopped">
            {t('packImportStopped', importing.message)}
          </p>
        )}
        {importing.kind === 'done' && (
          <ImportSummary
            t={t}
            language={language}
            report={importing.report}
            onTrusted={() => setKeysVersion((v) => v + 1)}
          />
        )}
      </div>
      <details data-testid="pack-trusted-keys">
        <summary>{t('packsigTrustedKeys')}</summary>
        {trusted.length === 0 ? (
          <p class="muted">{t('packsigNoTrustedKeys')}</p>
        ) : (
          <ul>
            {trusted.map((key) => (
              <li key={key.publicKey}>
                {key.name} · <span class="fingerprint">{key.fingerprint}</span>{' '}
                <button
                  type="button"
                  onClick={() => void forgetKey(key.publicKey).then(() => setKeysVersion((v) => v + 1))}
                >
                  {t('packsigForget')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </details>
    </section>
  );
}

function ImportSummary({
  t,
  language,
  report,
  onTrusted,
}: {
  t: Translate;
  language: string;
  report: ImportReport;
  onTrusted: () => void;
}) {
  return (
    <>
      <PackSignature t={t} signer={report.signer} onTrusted={onTrusted} />
      <p data-testid="pack-import-summary">
        {plural(
          t,
          language,
          'words_packImported',
          report.imported.length,
          report.duplicates.length,
          report.rejected.length,
        )}
        {report.evicted > 0 && <> {plural(t, language, 'wordsEvicted', report.evicted)}</>}
      </p>
      {report.rejected.length > 0 && (
        <details>
          <summary>{t('packRejectedList')}</summary>
          <ul data-testid="pack-rejected">
            {report.rejected.slice(0, 100).map((item, i) => (
              <li key={i}>
                {item.title ?? t('packUntitled')}: {rejectReason(t, item.reason)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

/** Budget and quota reasons have words already; validation details are shown as they are. */
function rejectReason(t: Translate, reason: string): string {
  const key = `libraryError_${reason.replace(/-/g, '_')}`;
  const words = t(key);
  return words === key ? reason : words;
}
