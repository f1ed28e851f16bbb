export type { K6Summary, Timeseries } from '../results.ts';
export { type RunOptions, type RunResult, runBundle } from './run.ts';
export type { SummaryData } from './summary.ts';
