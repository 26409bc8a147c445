import { useState } from 'preact/hooks';
import { sendMessage } from '../../lib/messaging';
import { acceptedKeys, settingsFileName } from '../../lib/options';
import type { SectionProps } from './section-props';
import { Section } from './Section';

type ImportReport =
  { ok: true; accepted: string[]; ignored: string[] } | { ok: false; reason: string; detail?: string };

const IMPORT_REASON_KEY: Record<string, string> = {
  'too-large': 'optionsImportTooLarge',
  'not-json': 'optionsImportNotJson',
  'not-a-preset': 'optionsImportNotPreset',
  'newer-version': 'optionsImportNewer',
};

/** Export the settings to a file, or import one (a preset from a digital-rights group). */
export function SettingsFileSection({ t }: SectionProps) {
  const [report, setReport] = useState<ImportReport | undefined>();
  const [exportFailed, setExportFailed] = useState(false);

  async function exportFile() {
    const reply = await sendMessage('exportSettings', {});
    setExportFailed(!reply.ok);
    if (!reply.ok) return;
    const url = URL.createObjectURL(new Blob([reply.value.json], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = settingsFileName();
    document.body.append(link);
    link.click();
    link.remove();
    // The download has its own copy; keep the Blob alive a moment for slow browsers.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  async function importFile(input: HTMLInputElement) {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const json = await file.text();
    const reply = await sendMessage('importSettings', { json });
    if (!reply.ok) return setReport({ ok: false, reason: reply.reason, detail: reply.detail });
    const result = reply.value;
    if (!result.ok) return setReport({ ok: false, reason: result.reason, detail: result.detail });
    setReport({ ok: true, accepted: acceptedKeys(json, result.ignored), ignored: result.ignored });
  }

  return (
    <Section id="settings-file" title={t('optionsFileTitle')} intro={t('optionsFileIntro')}>
      <button type="button" data-testid="export-settings" onClick={() => void exportFile()}>
        {t('optionsExport')}
      </button>
      {exportFailed && (
        <p class="error" role="alert">
          {t('optionsExportFailed')}
        </p>
      )}
      <div class="field">
        <label for="settings-file-input">{t('optionsImport')}</label>
        <input
          id="settings-file-input"
          type="file"
          accept=".json,application/json"
          onChange={(event) => void importFile(event.currentTarget)}
        />
      </div>
      <div data-testid="import-report" aria-live="polite">
        {report?.ok === true && (
          <>
            <p>{t('optionsImportAccepted', report.accepted.length)}</p>
            {report.accepted.length > 0 && (
              <p class="keys" data-testid="import-accepted">
                {report.accepted.map((key) => (
                  <code key={key}>{key}</code>
                ))}
              </p>
            )}
            {report.ignored.length > 0 && (
              <>
                <p>{t('optionsImportIgnored', report.ignored.length)}</p>
                <p class="keys" data-testid="import-ignored">
                  {report.ignored.map((key) => (
                    <code key={key}>{key}</code>
                  ))}
                </p>
              </>
            )}
          </>
        )}
        {report?.ok === false && (
          <p class="error" role="alert">
            {t(IMPORT_REASON_KEY[report.reason] ?? 'optionsImportFailed')}
          </p>
        )}
      </div>
    </Section>
  );
}
