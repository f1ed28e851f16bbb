// `npm test`: the typecheck and the lint side by side with vitest, then each stage's time, so the 60 s budget
// (docs/performance.md) stays visible. The typecheck and lint commands are package.json's own scripts.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { exitCodes } from '../client/exit-codes.ts';
import { runCommand, wantsHelp } from './cli.ts';

const usage = `usage: npm test [-- VITEST_ARGS...]
  runs npm run typecheck and npm run lint side by side with vitest (arguments go to vitest run, e.g. a folder),
  prints each one's output as it ends, then one line with each stage's time and the wall time
exit codes: 0 all three passed, otherwise the first failing stage's code`;

const root = resolve(import.meta.dirname, '..');
const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
  .scripts;

interface Stage {
  name: string;
  code: number;
  seconds: number;
}

/** One stage in a shell, as npm runs a script: node_modules/.bin first on PATH. Output is shown whole when it ends. */
function stage(name: string, line: string, live = false): Promise<Stage> {
  const started = performance.now();
  const env = { ...process.env, PATH: `${join(root, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}` };
  const child = spawn(line, { cwd: root, env, shell: true, stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return new Promise((done) =>
    child.on('close', (code, signal) => {
      const seconds = (performance.now() - started) / 1000;
      if (output.trim()) process.stderr.write(`── ${name} ──\n${output.trimEnd()}\n`);
      done({ name, code: code ?? (signal ? 128 : 1), seconds });
    }),
  );
}

const quote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (wantsHelp(args)) {
    console.log(usage);
    return exitCodes.ok;
  }
  const started = performance.now();
  const stages = await Promise.all([
    stage('typecheck', scripts.typecheck as string),
    stage('lint', scripts.lint as string),
    stage('vitest', ['vitest', 'run', ...args.map(quote)].join(' '), true),
  ]);
  const wall = (performance.now() - started) / 1000;
  const times = stages.map((s) => `${s.name} ${s.seconds.toFixed(1)} s ${s.code === 0 ? 'passed' : 'FAILED'}`);
  console.log(`test: ${times.join(' · ')} · wall ${wall.toFixed(1)} s (side by side)`);
  return stages.find((s) => s.code !== 0)?.code ?? exitCodes.ok;
}

await runCommand('test', main);
