import { useState } from 'preact/hooks';
import { measurementsFileName } from '../lib/history';
import type { Translate } from '../lib/i18n';
import { sendMessage } from '../lib/messaging';

type Outcome = { kind: 'saved'; count: number } | { kind: 'empty' } | { kind: 'failed' };

/**
 * "Save measurements": every stored measurement as an OONI JSON Lines file, carrying what a
 * contribution would and no more (lib/history/export.ts). Nothing is sent anywhere: the browser
 * saves the file, and the user decides where it goes.
 */
export function ExportMeasurements({ t }: { t: Translate }) {
  const [outcome, setOutcome] = useState<Outcome | undefined>();

  async function save() {
    const reply = await sendMessage('exportMeasurements', {});
    if (!reply.ok) return setOutcome({ kind: 'failed' });
    if (reply.value.count === 0) return setOutcome({ kind: 'empty' });
    const url = URL.createObjectURL(new Blob([reply.value.jsonl], { type: 'application/x-ndjson' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = measurementsFileName();
    document.body.append(link);
    link.click();
    link.remove();
    // The download has its own copy; keep the Blob alive a moment for slow browsers.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setOutcome({ kind: 'saved', count: reply.value.count });
  }

  return (
    <section aria-labelledby="export-title">
      <h2 id="export-title">{t('takeawayExportTitle')}</h2>
      <p class="muted" id="export-hint">
        {t('takeawayExportHint')}
      </p>
      <button
        type="button"
        data-testid="export-measurements"
        aria-describedby="export-hint"
        onClick={() => void save()}
      >
        {t('takeawayExportButton')}
      </button>
      <p data-testid="export-result" role="status">
        {outcome?.kind === 'saved' && t('takeawayExportSaved', outcome.count)}
        {outcome?.kind === 'empty' && t('takeawayExportEmpty')}
        {outcome?.kind === 'failed' && <span class="error">{t('takeawayExportFailed')}</span>}
      </p>
    </section>
  );
}
