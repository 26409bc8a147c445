import { useState } from 'preact/hooks';
import {
  countryFromFileName,
  fetchOoniTestList,
  getPack,
  MAX_TARGETS,
  mergeWithinCap,
  parseTestListCsv,
  type ImportError,
  type OoniTestListResult,
} from '../../lib/targets';
import { importErrorText } from './problem-text';
import type { SectionProps } from './section-props';
import { FileInput } from '../FileInput';
import { plural } from '../../lib/i18n';
import { useTranslator } from '../use-translator';

// A test list of a few thousand rows is well under this; anything larger is not a test list.
const MAX_CSV_BYTES = 5 * 1024 * 1024;

type CsvReport =
  | {
      added: number;
      kept: number;
      overCap: number;
      errors: ImportError[];
      country?: string;
      domestic: number;
    }
  | { tooLarge: true };
type OoniReport =
  { ok: true; added: number; fetched: number; overCap: number } | Extract<OoniTestListResult, { ok: false }>;

/** Bring in many sites at once: a Citizen Lab CSV file, or the country's list from OONI's API. */
export function TargetImport({ settings, save, t }: SectionProps) {
  const { language } = useTranslator();
  const [csv, setCsv] = useState<CsvReport | undefined>();
  const [ooni, setOoni] = useState<OoniReport | undefined>();
  const [fetching, setFetching] = useState(false);
  const [country, setCountry] = useState(getPack(settings.packId)?.country ?? 'KZ');
  // The pack's sites count towards the cap too: a run checks them all.
  const removed = new Set(settings.removedTargetIds);
  const packCount = (getPack(settings.packId)?.targets ?? []).filter((t) => !removed.has(t.id)).length;

  async function importCsv(file: File) {
    if (file.size > MAX_CSV_BYTES) return setCsv({ tooLarge: true });
    // Citizen Lab names a country's list by its code (kz.csv); a file named otherwise is read as a
    // list for the pack's country, global.csv as no country's.
    const named = countryFromFileName(file.name);
    const country = named ?? (/^global\b/i.test(file.name) ? undefined : getPack(settings.packId)?.country);
    const { targets, errors } = parseTestListCsv(await file.text(), { country });
    const merged = mergeWithinCap(settings.customTargets, targets, packCount);
    const domestic = targets.filter((target) => target.category === 'control-domestic').length;
    setCsv({ added: merged.added, kept: targets.length, overCap: merged.overCap, errors, country, domestic });
    await save({ customTargets: merged.list });
  }

  async function fetchList() {
    setFetching(true);
    setOoni(undefined);
    const result = await fetchOoniTestList({
      apiBase: settings.ooniApiBase,
      probeCc: country,
      fetch: (url, init) => fetch(url, init),
      signal: AbortSignal.timeout(settings.requestTimeoutMs),
    });
    setFetching(false);
    if (!result.ok) return setOoni(result);
    const merged = mergeWithinCap(settings.customTargets, result.targets, packCount);
    setOoni({ ok: true, added: merged.added, fetched: result.targets.length, overCap: merged.overCap });
    await save({ customTargets: merged.list });
  }

  return (
    <div class="imports">
      <h3>{t('optionsImportTitle')}</h3>
      <FileInput
        id="csv-file"
        label={t('optionsCsvFile')}
        accept=".csv,text/csv,text/plain"
        hint={t('optionsCsvHint')}
        onFile={importCsv}
      />
      <div data-testid="csv-report" aria-live="polite">
        {csv && 'tooLarge' in csv && <p class="error">{t('optionsCsvTooLarge')}</p>}
        {csv && !('tooLarge' in csv) && (
          <>
            <p>{plural(t, language, 'words_optionsCsvResult', csv.kept, csv.added, csv.errors.length)}</p>
            {csv.country && (
              <p data-testid="csv-country">{t('takeawayCsvCountry', csv.country, csv.domestic)}</p>
            )}
            {csv.overCap > 0 && (
              <p class="error" data-testid="csv-over-cap">
                {plural(t, language, 'words_scaleOverCap', csv.overCap, MAX_TARGETS)}
              </p>
            )}
            {csv.errors.length > 0 && (
              <ul class="problems" aria-label={t('optionsCsvProblems')}>
                {csv.errors.map((error) => (
                  <li key={error.line} data-testid="csv-error" data-line={error.line}>
                    {importErrorText(t, error)}
                    {error.text && (
                      <>
                        {' '}
                        <code>{error.text}</code>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>

      <div class="row">
        <div class="field narrow">
          <label for="ooni-country">{t('optionsOoniCountry')}</label>
          <input
            id="ooni-country"
            type="text"
            size={4}
            maxLength={2}
            value={country}
            autoComplete="off"
            onInput={(event) => setCountry(event.currentTarget.value.toUpperCase())}
          />
        </div>
        <button
          type="button"
          disabled={fetching || !/^[A-Z]{2}$/.test(country)}
          onClick={() => void fetchList()}
        >
          {fetching ? t('optionsOoniFetching') : t('optionsOoniFetch')}
        </button>
      </div>
      <p class="hint">{t('optionsOoniHint', settings.ooniApiBase)}</p>
      <div data-testid="ooni-report" aria-live="polite">
        {ooni?.ok === true && (
          <p>{plural(t, language, 'words_optionsOoniResult', ooni.fetched, ooni.added)}</p>
        )}
        {ooni?.ok === true && ooni.overCap > 0 && (
          <p class="error">{plural(t, language, 'words_scaleOverCap', ooni.overCap, MAX_TARGETS)}</p>
        )}
        {ooni?.ok === false && (
          <p class="error" role="alert">
            {ooni.reason === 'network'
              ? t('optionsOoniUnreachable', settings.ooniApiBase)
              : ooni.reason === 'http-status'
                ? t('optionsOoniStatus', ooni.detail)
                : t('optionsOoniBadAnswer')}
          </p>
        )}
      </div>
    </div>
  );
}
