// runLoad for a test: quiet, with its lines and the generator's output kept for the failure messages.
import { type LoadOptions, runLoad } from '../run.ts';

export async function loggedRun(options: LoadOptions) {
  let log = '';
  const result = await runLoad({ ...options, log: (line) => (log += `${line}\n`), output: (text) => (log += text) });
  return { result, log: `${log}${result.message}` };
}
