export {
  BaselineError,
  baselineLines,
  baselineRowText,
  compareBaseline,
  DEFAULT_TOLERANCE,
  loadBaseline,
  resolveBaseline,
} from './baseline.ts';
export { buildHtml } from './html.ts';
export { buildJunit } from './junit.ts';
export { buildMarkdown } from './markdown.ts';
export { faultsText, integrityLine } from './run-facts.ts';
export {
  defaultRunDir,
  type RunFiles,
  type RunKind,
  runDirName,
  updateLatest,
  writeRunFolder,
} from './run-folder.ts';
export { collectSettings, redactTarget } from './settings.ts';
export { errorCauses, errorsByCode, stepRows, thresholdRows } from './summary-data.ts';
export type * from './types.ts';
export { verdict } from './verdict.ts';
export { RunFolderError, readRun, writeReports } from './write.ts';
