// `npm run accept -- (--base-url URL | --offers-url URL --pos-url URL) --fixtures FILE [...]`: vendor acceptance in
// one command (scripts/accept/options.ts has the flags, docs/acceptance.md how to read its report).
import { exitCodes } from '../../client/exit-codes.ts';
import { runCommand, wantsHelp } from '../cli.ts';
import { acceptOptions, usage } from './options.ts';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (wantsHelp(args)) {
    console.log(usage);
    return exitCodes.ok;
  }
  // A bad flag, fixtures or members file is a UsageError: scripts/cli.ts prints it in one line, exit 2.
  const options = acceptOptions(args, process.env);
  // The run's modules (the load pipeline, fuzz, reports) load only for a run: a mistake is told at once.
  const { runAcceptance } = await import('./run.ts');
  return (await runAcceptance(options, { out: console.log, err: console.error })).exitCode;
}

await runCommand('accept', main);
