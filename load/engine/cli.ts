import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { runBundle } from './index.ts';

const USAGE = `usage: tsx load/engine/cli.ts run BUNDLE.js [--out DIR] [--out json=FILE] [--env K=V ...] [--quiet]

Runs a k6 bundle (esbuild ESM output, k6 imports external) in Node.
  --out DIR         folder for summary.json and timeseries.json (default reports/engine/<bundle>-<time>)
  --out json=FILE   also write k6's JSON-lines output to FILE
  -e, --env K=V     set __ENV.K (repeatable)
  -q, --quiet       no progress line, no text summary
Exit codes as k6: 0 ok, 99 thresholds failed, 104 invalid options, 107 script error, 108 test.abort().`;

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] !== 'run' || positionals.length !== 2) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  let outDir: string | undefined;
  let jsonOut: string | undefined;
  for (const o of values.out ?? []) {
    if (o.startsWith('json=')) jsonOut = o.slice(5);
    else outDir = o;
  }
  const env: Record<string, string> = {};
  for (const kv of values.env ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) {
      process.stderr.write(`--env needs K=V, got "${kv}"\n`);
      return 2;
    }
    env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  const result = await runBundle(positionals[1] as string, { outDir, jsonOut, env, quiet: values.quiet });
  return result.exitCode;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o', multiple: true },
      env: { type: 'string', short: 'e', multiple: true },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
      // A timer or socket the script left behind must not keep a finished run alive.
      setTimeout(() => process.exit(code), 5000).unref();
    },
    (err) => {
      process.stderr.write(`ERRO ${(err as Error).stack ?? err}\n`);
      process.exitCode = 103;
    },
  );
}
