// `npm run load -- [--target URL] [--profile NAME] [--engine auto|k6|node] [--out DIR] [--yes]`
import { parseArgs } from 'node:util';
import { profileNames } from '../load/lib/profiles.ts';
import { type EngineChoice, runLoad } from '../load/run.ts';

const usage = `usage: npm run load -- [--target URL] [--profile ${profileNames.join('|')}] [--engine auto|k6|node] [--out DIR] [--yes]
  --target   base URL of the SessionM APIs; default: the embedded mock, started and stopped here
  --profile  load profile (default load); RATE, DURATION, LATENCY_MS and SLO_* env vars tune it
  --engine   auto (k6 when on PATH, else the embedded engine), k6 or node
  --out      output folder (default reports/<timestamp>-load, linked from reports/latest)
  --yes      confirm a run against a non-loopback target
exit codes: 0 thresholds held, 99 a threshold failed, 2 refused or bad arguments, other: error`;

async function main(): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse().values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const result = await runLoad({
    ...(values.target ? { target: values.target } : {}),
    ...(values.profile ? { profile: values.profile } : {}),
    ...(values.out ? { outDir: values.out } : {}),
    engine: (values.engine ?? 'auto') as EngineChoice,
    yes: values.yes ?? false,
  });
  (result.exitCode === 0 ? console.log : console.error)(`load: ${result.message}`);
  return result.exitCode;
}

function parse() {
  return parseArgs({
    options: {
      target: { type: 'string' },
      profile: { type: 'string' },
      engine: { type: 'string' },
      out: { type: 'string' },
      yes: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

process.exitCode = await main();
