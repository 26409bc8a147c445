import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import {
  type InstalledBundle,
  DATA_BUNDLE_KEY,
  loadInstalledBundle,
  hostOf,
  refreshReportLines,
} from '../../lib/data-bundle';
import { formatDate } from '../../lib/i18n';
import { sendMessage } from '../../lib/messaging';
import { addResolver, type FieldProblem } from '../../lib/options';
import { fieldProblemText } from './problem-text';
import type { SectionProps } from './section-props';
import { Section } from './Section';

/**
 * Signed data updates (lib/data-bundle): which one is installed and where it came from, the
 * addresses asked in turn, and a check the user starts (the daily one follows consent).
 */
export function DataBundleSection({ settings, save, t, language }: SectionProps) {
  const [installed, setInstalled] = useState<InstalledBundle | undefined>();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<FieldProblem | undefined>();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<string[]>([]);

  useEffect(() => {
    const load = () => void loadInstalledBundle(browser.storage.local).then(setInstalled);
    load();
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && DATA_BUNDLE_KEY in changes) load();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, []);

  const endpoints = settings.dataBundleEndpoints;
  async function add() {
    // The resolvers' rule: https only, no duplicates.
    const result = addResolver(endpoints, text);
    if (!result.ok) return setProblem(result.problem);
    setProblem(undefined);
    setText('');
    await save({ dataBundleEndpoints: result.value });
  }

  async function refresh() {
    setBusy(true);
    const reply = await sendMessage('dataBundleRefresh', {});
    setBusy(false);
    setReport(reply.ok ? refreshReportLines(reply.value, t) : [t('dataBundleResultFailed')]);
  }

  return (
    <Section id="data-bundle" title={t('dataBundleTitle')} intro={t('dataBundleIntro')}>
      <p data-testid="data-bundle-installed" data-version={installed?.version ?? 0}>
        {installed
          ? t(
              'dataBundleInstalled',
              String(installed.version),
              formatDate(Date.parse(installed.createdAt), language),
              hostOf(installed.source),
            )
          : t('dataBundleNone')}
      </p>
      <h3>{t('dataBundleEndpointsTitle')}</h3>
      <ol class="resolvers" data-testid="data-bundle-endpoints">
        {endpoints.map((url) => (
          <li key={url}>
            <code>{url}</code>
            <button
              type="button"
              aria-label={t('dataBundleRemoveEndpoint', url)}
              onClick={() => void save({ dataBundleEndpoints: endpoints.filter((item) => item !== url) })}
            >
              {t('optionsRemove')}
            </button>
          </li>
        ))}
      </ol>
      <form
        class="row"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void add();
        }}
      >
        <div class="field">
          <label for="data-bundle-url">{t('dataBundleAddEndpoint')}</label>
          <input
            id="data-bundle-url"
            type="text"
            inputMode="url"
            placeholder="https://data.example/vantage-data.json"
            value={text}
            aria-invalid={problem ? 'true' : undefined}
            aria-describedby={problem ? 'data-bundle-error' : undefined}
            onInput={(event) => setText(event.currentTarget.value)}
          />
        </div>
        <button type="submit">{t('optionsAdd')}</button>
      </form>
      {problem && (
        <p id="data-bundle-error" class="error" role="alert">
          {fieldProblemText(t, problem)}
        </p>
      )}
      <p class="hint">{t('dataBundleScheduleNote')}</p>
      <button type="button" data-testid="data-bundle-refresh" disabled={busy} onClick={() => void refresh()}>
        {t('dataBundleRefresh')}
      </button>
      <ul data-testid="data-bundle-report" aria-live="polite">
        {report.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </Section>
  );
}
