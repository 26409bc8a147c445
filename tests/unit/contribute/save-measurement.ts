import { openDatabase, type MeasurementRecord } from '../../../lib/db';
import { putRun, saveMeasurement as save } from '../../../lib/run/store';

/** Store a measurement and its (closed) run, as the engine would. */
export async function saveMeasurement(m: MeasurementRecord): Promise<void> {
  const db = await openDatabase();
  await putRun(db, {
    id: m.runId,
    trigger: 'manual',
    startedAt: m.time - 1000,
    finishedAt: m.time,
    status: 'done',
    targetIds: [m.targetId],
    doneTargetIds: [m.targetId],
  });
  await save(db, m);
}
