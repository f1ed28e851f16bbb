export type { TimeseriesFile } from './outputs/timeseries.ts';
export { type RunOptions, type RunResult, runBundle } from './run.ts';
export type { SummaryData, SummaryMetric } from './summary.ts';
