// Writes contracts/pacts/ by running the consumer tests alone (what `npm run pacts` does).
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/** Resolves with the consumer tests' exit code; their output goes to `log` only when they fail. */
export function generatePacts(log: (text: string) => void = (text) => process.stderr.write(text)): Promise<number> {
  const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const child = spawn(process.execPath, [vitest, 'run', 'contracts/test/contracts.test.ts', '-t', '^consumer '], {
    cwd: root,
    env: { ...process.env, PACT_DO_NOT_TRACK: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('exit', (code) => {
      if (code !== 0) log(output);
      done(code ?? 1);
    });
  });
}
