import { useEffect, useState } from 'preact/hooks';
import { ExportMeasurements } from '../../components/ExportMeasurements';
import { CATEGORY_KEY, STATE_KEY } from '../../components/labels';
import { Timeline, TimelineLegend } from '../../components/Timeline';
import { useTranslator } from '../../components/use-translator';
import { openDatabase, type MeasurementRecord, type OutageRecord } from '../../lib/db';
import { dailyTimeline, outagePeriods } from '../../lib/history';
import type { Category } from '../../lib/targets/types';
import { dateFormatter } from '../../lib/i18n';

const DAYS = 14;

export function TimelinePage() {
  const { t, language } = useTranslator();
  const [data, setData] = useState<
    { measurements: MeasurementRecord[]; outages: OutageRecord[] } | undefined
  >();

  useEffect(() => {
    void openDatabase().then(async (db) => {
      const since = Date.now() - DAYS * 86_400_000;
      const [measurements, outages] = await Promise.all([
        db.getAllFromIndex('measurements', 'byTime', IDBKeyRange.lowerBound(since)),
        db.getAll('outages'),
      ]);
      setData({ measurements, outages });
    });
  }, []);

  if (!data) return <main />;
  const now = Date.now();
  const byCategory = dailyTimeline(data.measurements, (m) => m.observation.target.category, DAYS, now);
  const bySite = dailyTimeline(data.measurements, (m) => m.observation.target.name, DAYS, now);
  const periods = outagePeriods(data.outages, now);
  const when = dateFormatter(language, { style: 'long' });

  return (
    <main>
      <h1>{t('historyTitle')}</h1>
      <p class="muted">{t('historyExplain', DAYS)}</p>
      <TimelineLegend t={t} />
      <h2>{t('historyOutages')}</h2>
      {periods.length === 0 ? (
        <p class="muted">{t('historyNoOutages')}</p>
      ) : (
        <ul class="outages" data-testid="outages">
          {periods.map((p) => (
            <li key={p.start} data-state={p.state}>
              <strong>{t(STATE_KEY[p.state][0], '')}</strong> — {when.format(p.start)} → {when.format(p.end)}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('historyByCategory')}</h2>
      <Timeline
        t={t}
        rows={byCategory}
        language={language}
        label={(key) => t(CATEGORY_KEY[key as Category] ?? key)}
      />
      <h2>{t('historyBySite')}</h2>
      <Timeline t={t} rows={bySite} language={language} label={(key) => key} names />
      <ExportMeasurements t={t} />
    </main>
  );
}
