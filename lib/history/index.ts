/** Measurements over time: the timeline's rows and the measurements file. */
export { measurementsJsonLines } from './export';
