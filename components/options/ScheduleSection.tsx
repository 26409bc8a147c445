import { parseWholeNumber, RETENTION_RANGE, SCHEDULE_RANGE } from '../../lib/options';
import type { SectionProps } from './section-props';
import { Section } from './Section';
import { TextField } from './TextField';

/** How often Vantage checks on its own (0 = only when asked) and how long it keeps results. */
export function ScheduleSection({ settings, save, t }: SectionProps) {
  return (
    <Section id="schedule" title={t('optionsScheduleTitle')}>
      <TextField
        id="schedule-minutes"
        label={t('optionsScheduleMinutes')}
        hint={
          settings.scheduleMinutes === 0
            ? t('optionsScheduleOff')
            : t('optionsScheduleEvery', settings.scheduleMinutes)
        }
        inputMode="numeric"
        value={settings.scheduleMinutes}
        parse={(text) => parseWholeNumber(text, SCHEDULE_RANGE)}
        onValid={(scheduleMinutes) => save({ scheduleMinutes })}
        t={t}
      />
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
    </Section>
  );
}
