import { browser } from 'wxt/browser';
import {
  CONCURRENCY_RANGE,
  parseWholeNumber,
  RETENTION_RANGE,
  SCHEDULE_RANGE,
  TIMEOUT_RANGE,
} from '../../lib/options';
import type { SectionProps } from './section-props';
import { Section } from './Section';
import { TextField } from './TextField';
import { plural } from '../../lib/i18n';
import { useTranslator } from '../use-translator';

/**
 * When Vantage checks (the first-run choice), how often, whether it diagnoses pages
 * that fail to open, and how long it keeps results. Before the first-run page is answered this
 * only points there: the choice is made where it is explained.
 */
export function ScheduleSection({ settings, save, t }: SectionProps) {
  const { language } = useTranslator();
  const choice = settings.consent.choice;
  const chosen = choice !== 'none';
  const scheduled = choice === 'schedule';
  const choose = (next: 'manual' | 'schedule') => save({ consent: { choice: next, at: Date.now() } });
  return (
    <Section id="schedule" title={t('optionsScheduleTitle')}>
      <fieldset class="consent-choice" data-testid="consent-choice" data-choice={choice}>
        <legend>{t('consentOptionsWhen')}</legend>
        {chosen ? (
          (['manual', 'schedule'] as const).map((value) => (
            <label key={value}>
              <input
                type="radio"
                name="consent-choice"
                id={`consent-choice-${value}`}
                checked={value === 'schedule' ? scheduled : !scheduled}
                onChange={() => void choose(value)}
              />{' '}
              {t(value === 'schedule' ? 'consentOptionsSchedule' : 'consentOptionsManual')}
            </label>
          ))
        ) : (
          <p class="notice">
            {t('consentOptionsNone')}{' '}
            <a href={browser.runtime.getURL('/welcome.html')}>{t('consentOptionsOpenWelcome')}</a>
          </p>
        )}
      </fieldset>
      <TextField
        id="schedule-minutes"
        label={t('optionsScheduleMinutes')}
        hint={
          scheduled && settings.scheduleMinutes > 0
            ? plural(t, language, 'words_optionsScheduleEvery', settings.scheduleMinutes)
            : t('optionsScheduleOff')
        }
        inputMode="numeric"
        value={settings.scheduleMinutes}
        parse={(text) => parseWholeNumber(text, SCHEDULE_RANGE)}
        onValid={(scheduleMinutes) => save({ scheduleMinutes })}
        t={t}
      />
      <label class="check">
        <input
          type="checkbox"
          id="diagnose-failed-pages"
          aria-describedby="diagnose-failed-pages-hint"
          checked={settings.diagnoseFailedPages}
          onChange={(event) => void save({ diagnoseFailedPages: (event.target as HTMLInputElement).checked })}
        />{' '}
        {t('consentDiagnose')}
      </label>
      <p class="hint" id="diagnose-failed-pages-hint">
        {t('consentDiagnoseHint')}
      </p>
      <TextField
        id="retention-days"
        label={t('optionsRetentionDays')}
        hint={t('optionsRetentionHint')}
        inputMode="numeric"
        value={settings.retentionDays}
        parse={(text) => parseWholeNumber(text, RETENTION_RANGE)}
        onValid={(retentionDays) => save({ retentionDays })}
        t={t}
      />
      {/* How each check runs: a slow network needs a longer timeout, a weak one fewer lanes. */}
      <h3>{t('takeawayRunTitle')}</h3>
      <TextField
        id="request-timeout"
        label={t('takeawayTimeout')}
        hint={t('takeawayTimeoutHint', TIMEOUT_RANGE.min, TIMEOUT_RANGE.max)}
        inputMode="numeric"
        value={settings.requestTimeoutMs}
        parse={(text) => parseWholeNumber(text, TIMEOUT_RANGE)}
        onValid={(requestTimeoutMs) => save({ requestTimeoutMs })}
        t={t}
      />
      <TextField
        id="concurrency"
        label={t('takeawayConcurrency')}
        hint={t('takeawayConcurrencyHint', CONCURRENCY_RANGE.min, CONCURRENCY_RANGE.max)}
        inputMode="numeric"
        value={settings.concurrency}
        parse={(text) => parseWholeNumber(text, CONCURRENCY_RANGE)}
        onValid={(concurrency) => save({ concurrency })}
        t={t}
      />
    </Section>
  );
}
