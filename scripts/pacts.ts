// `npm run pacts`: writes contracts/pacts/ from the consumer interactions, as `npm start` does (contracts/generate.ts).
import { relative } from 'node:path';
import { exitCodes } from '../client/exit-codes.ts';
import { pactDir } from '../contracts/names.ts';
import { helpOnly, runCommand } from './cli.ts';

const usage = `usage: npm run pacts   (no options)
  runs each consumer interaction (contracts/consumer/) against Pact's mock server and writes contracts/pacts/
  afresh; npm test runs the same interactions, then verifies the pacts
exit codes: 0 both pacts written, 1 an interaction failed (each named), 2 bad arguments`;

async function main(): Promise<number> {
  if (helpOnly(process.argv.slice(2), usage)) return exitCodes.ok;
  // Pact (its native library) loads only once there is work for it.
  const { generatePacts } = await import('../contracts/generate.ts');
  const code = await generatePacts((line) => console.error(`pacts: ${line}`));
  if (code === exitCodes.ok) console.log(`pacts: wrote ${relative(process.cwd(), pactDir)}/`);
  return code;
}

await runCommand('pacts', main);
