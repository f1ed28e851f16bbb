// `npm run broker -- <command>`: see commands.ts for the commands and docs/ci.md for the flow.
import { runCommand } from '../cli.ts';
import { brokerCommand } from './commands.ts';

await runCommand('broker', () =>
  brokerCommand(process.argv.slice(2), process.env, {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  }),
);
