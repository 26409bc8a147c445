/** Measurements over time: the timeline's rows and the measurements file. */
export { measurementsJsonLines } from './export';
export { dailyTimeline, type TimelineRow } from './timeline';
export { measurementsFileName } from './export';
export { outagePeriods } from './timeline';
