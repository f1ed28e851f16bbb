// The CI workflows upload what the code writes: every artifact path, parsed from the workflow YAML, must match the
// folders the commands its job runs produce.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { load } from 'js-yaml';
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';
import { projectPactDir } from '../../../contracts/names.ts';
import { verificationRunDir } from '../../../contracts/provider/reports.ts';

const root = resolve(import.meta.dirname, '../../..');
const workflowsDir = join(root, '.github', 'workflows');

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  with?: { path?: string };
}
interface Workflow {
  jobs: Record<string, { steps: Step[] }>;
}

const workflows = readdirSync(workflowsDir)
  .filter((file) => file.endsWith('.yml'))
  .map((file) => ({ file, workflow: load(readFileSync(join(workflowsDir, file), 'utf8')) as Workflow }));

/** The folders a job's commands write, relative to the checkout, with a trailing slash as upload-artifact sees them. */
function foldersWritten(steps: Step[]): string[] {
  const runs = steps.map((s) => s.run ?? '').join('\n');
  const folders: string[] = [];
  // npm test writes its pacts to temporary folders: only these two write contracts/pacts.
  if (/npm (start|run pacts)/.test(runs)) folders.push(`${relative(root, projectPactDir)}/`);
  if (/npm run (verify|broker -- verify)/.test(runs)) folders.push(`${verificationRunDir(new Date())}/`);
  return folders;
}

/** An artifact path as globs: `${{ steps.X.outputs.dir }}` stands for the glob step X's `ls -d` picks the folder by. */
function artifactGlobs(path: string, steps: Step[]): string[] {
  return path
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const output = /^\$\{\{\s*steps\.([\w-]+)\.outputs\.dir\s*\}\}$/.exec(line);
      if (!output) return line;
      const step = steps.find((s) => s.id === output[1]);
      const glob = /ls -d (\S+)/.exec(step?.run ?? '')?.[1];
      if (!glob) throw new Error(`step ${output[1]} does not pick its folder with ls -d`);
      return `${glob.replace(/\/$/, '')}/`;
    });
}

describe('CI artifact paths', () => {
  const uploads = workflows.flatMap(({ file, workflow }) =>
    Object.entries(workflow.jobs).flatMap(([job, { steps }]) =>
      steps
        .filter((s) => s.uses?.startsWith('actions/upload-artifact@'))
        .map((s) => ({ where: `${file} ${job}`, steps, globs: artifactGlobs(s.with?.path ?? '', steps) })),
    ),
  );

  it('are found in both workflows', () => {
    expect(workflows.map((w) => w.file).sort()).toEqual(['contracts-provider.yml', 'contracts.yml']);
    expect(uploads.length).toBeGreaterThanOrEqual(3);
  });

  it.each(uploads)('$where uploads a folder its commands write', ({ steps, globs }) => {
    const written = foldersWritten(steps);
    expect(written.length).toBeGreaterThan(0);
    for (const glob of globs)
      expect(
        written.some((folder) => minimatch(folder, glob)),
        `${glob} vs ${written}`,
      ).toBe(true);
  });

  it('would catch the old contracts.yml: pacts uploaded after npm test alone, which writes none into contracts/pacts', () => {
    const written = foldersWritten([{ run: 'npm ci' }, { run: 'npm test' }]);
    expect(written.some((folder) => minimatch(folder, 'contracts/pacts/'))).toBe(false);
  });

  it('would catch the old name: reports/*-broker-verify/ matches no folder verification writes', () => {
    expect(minimatch(`${verificationRunDir(new Date())}/`, 'reports/*-broker-verify/')).toBe(false);
    expect(minimatch(`${verificationRunDir(new Date())}/`, 'reports/*-verify/')).toBe(true);
  });
});
