/** Measurements over time: the timeline's rows and the measurements file. */
export { measurementsFileName, measurementsJsonLines } from './export';
export { dailyTimeline, outagePeriods, type TimelineRow } from './timeline';
export { describeDays } from './describe-days';
