// `npm run accept -- (--base-url URL | --offers-url URL --pos-url URL) --fixtures FILE [...]`: vendor acceptance in
// one command (scripts/accept/options.ts has the flags, docs/acceptance.md how to read its report).
import { refusedExitCode } from '../guard.ts';
import { acceptOptions, UsageError, usage } from './options.ts';
import { runAcceptance } from './run.ts';

async function main(args: string[]): Promise<number> {
  let options: ReturnType<typeof acceptOptions>;
  try {
    options = acceptOptions(args, process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`accept: ${error.message} (npm run accept -- --help)`);
    return refusedExitCode;
  }
  if (options === 'help') {
    console.log(usage);
    return 0;
  }
  const outcome = await runAcceptance(options, { out: console.log, err: console.error });
  return outcome.exitCode;
}

process.exitCode = await main(process.argv.slice(2));
