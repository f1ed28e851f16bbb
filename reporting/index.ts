// Settings are gathered by load/run-settings.ts; verify and accept runs show them in their reports too.
export { collectSettings } from '../load/run-settings.ts';
export { BaselineError, baselineLines, loadBaseline, resolveBaseline } from './baseline.ts';
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
export { stepRows, thresholdRows } from './summary-data.ts';
export type * from './types.ts';
export { verdict } from './verdict.ts';
export { RunFolderError, readRun, writeReports } from './write.ts';
