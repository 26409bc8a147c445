import { useState } from 'preact/hooks';
import { sendMessage } from '../../lib/messaging';
import { importReportLines, settingsFileName, suggestionText } from '../../lib/options';
import {
  acceptEndpointSuggestion,
  type EndpointSuggestion,
  type TargetsMode,
  type PackKeySuggestion,
} from '../../lib/settings';
import type { SectionProps } from './section-props';
import { Section } from './Section';
import { keyFingerprint, trustKey } from '../../lib/signing';
import { FileInput } from '../FileInput';

type ImportReport =
  | { ok: true; lines: string[]; suggestions: EndpointSuggestion[] }
  | { ok: false; reason: string; detail?: string };

const IMPORT_REASON_KEY: Record<string, string> = {
  'too-large': 'optionsImportTooLarge',
  'not-json': 'optionsImportNotJson',
  'not-a-preset': 'optionsImportNotPreset',
  'newer-version': 'optionsImportNewer',
};

/**
 * Export the settings to a file, or import one (a preset from a digital-rights group). The import
 * report says in words what changed; an address the file suggests is used only once the user
 * accepts it here, which turns contribution off until the user consents to the new host.
 */
export function SettingsFileSection({ settings, save, t }: SectionProps) {
  const [report, setReport] = useState<ImportReport | undefined>();
  const [targetsMode, setTargetsMode] = useState<TargetsMode>('merge');
  const [accepted, setAccepted] = useState<string[]>([]);
  const [exportFailed, setExportFailed] = useState(false);
  // Pack keys the file suggests (issue #16): trusted only when the user presses "Trust" for each.
  const [packKeys, setPackKeys] = useState<(PackKeySuggestion & { fingerprint: string })[]>([]);

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

  async function importFile(file: File) {
    const json = await file.text();
    const reply = await sendMessage('importSettings', { json, targets: targetsMode });
    setAccepted([]);
    setPackKeys([]);
    if (!reply.ok) return setReport({ ok: false, reason: reply.reason, detail: reply.detail });
    const result = reply.value;
    if (!result.ok) return setReport({ ok: false, reason: result.reason, detail: result.detail });
    setReport({ ok: true, lines: importReportLines(result, t), suggestions: result.suggestions });
    setPackKeys(
      await Promise.all(
        (result.packKeys ?? []).map(async (key) => ({
          ...key,
          fingerprint: await keyFingerprint(key.publicKey),
        })),
      ),
    );
  }

  async function trustSuggested(key: PackKeySuggestion) {
    await trustKey(key.publicKey, key.name);
    setAccepted((lines) => [...lines, t('packsigTrustedNow', key.name)]);
    setPackKeys((current) => current.filter((k) => k.publicKey !== key.publicKey));
  }

  async function accept(suggestion: EndpointSuggestion) {
    const wasOn = settings.contribute.enabled || settings.contribute.includeUserTargets;
    await save(acceptEndpointSuggestion(settings, suggestion));
    const host = new URL(suggestion.url).host;
    setAccepted((lines) => [
      ...lines,
      t('optionsPresetAccepted', suggestion.url),
      ...(wasOn ? [t('optionsPresetConsentOff', host)] : []),
    ]);
    setReport((current) =>
      current?.ok
        ? { ...current, suggestions: current.suggestions.filter((s) => s !== suggestion) }
        : current,
    );
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
      <fieldset class="field">
        <legend>{t('optionsPresetTargetsLegend')}</legend>
        {(['merge', 'replace'] as const).map((mode) => (
          <label key={mode}>
            <input
              type="radio"
              name="preset-targets"
              value={mode}
              data-testid={`import-targets-${mode}`}
              checked={targetsMode === mode}
              onChange={() => setTargetsMode(mode)}
            />{' '}
            {t(mode === 'merge' ? 'optionsPresetTargetsMerge' : 'optionsPresetTargetsReplace')}
          </label>
        ))}
      </fieldset>
      <FileInput
        id="settings-file-input"
        label={t('optionsImport')}
        accept=".json,application/json"
        onFile={importFile}
      />
      <div data-testid="import-report" aria-live="polite">
        {report?.ok === true && (
          <>
            <h3>{t('optionsPresetReportTitle')}</h3>
            <ul data-testid="import-lines">
              {report.lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            {report.suggestions.length > 0 && (
              <div data-testid="import-suggestions">
                {report.suggestions.map((suggestion) => (
                  <p key={`${suggestion.key} ${suggestion.url}`}>
                    {suggestionText(suggestion, t)}{' '}
                    <button
                      type="button"
                      data-testid={`accept-${suggestion.key}`}
                      onClick={() => void accept(suggestion)}
                    >
                      {t('optionsPresetAccept', new URL(suggestion.url).host)}
                    </button>
                  </p>
                ))}
                <p class="hint">{t('optionsPresetSuggestNote')}</p>
              </div>
            )}
            {packKeys.length > 0 && (
              <div data-testid="import-pack-keys">
                {packKeys.map((key) => (
                  <p key={key.publicKey}>
                    {t('packsigSuggest', key.name, key.fingerprint)}{' '}
                    <button
                      type="button"
                      data-testid="trust-pack-key"
                      onClick={() => void trustSuggested(key)}
                    >
                      {t('packsigTrust')}
                    </button>
                  </p>
                ))}
                <p class="hint">{t('packsigSuggestNote')}</p>
              </div>
            )}
          </>
        )}
        {accepted.map((line) => (
          <p key={line} data-testid="import-accepted">
            {line}
          </p>
        ))}
        {report?.ok === false && (
          <p class="error" role="alert">
            {t(IMPORT_REASON_KEY[report.reason] ?? 'optionsImportFailed')}
          </p>
        )}
      </div>
    </Section>
  );
}
